"""GET /docs in a real headless browser (Debian's chromium and chromedriver), against a real gunicorn:
the page loads with no internet, every action appears, and "Try it out" runs an action for real."""

import os
import shutil

import time

import pytest

from models.base import db
from tests.live_server import LiveServer

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser():
    if not (CHROMIUM and DRIVER):
        message = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--proxy-server=direct://", "--proxy-bypass-list=*"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_docs_load_list_every_action_and_try_it_out_works(app, database_url, tenant, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    db.close_all()
    server = LiveServer(database_url, workers=1)
    try:
        wait = WebDriverWait(browser, 30)
        browser.get(f"{server.url}/docs")
        operation = wait.until(seen.element_to_be_clickable((By.CSS_SELECTOR, "#operations-default-accion")))
        assert "ERP gateway" in browser.page_source

        # Every registered action is listed under Schemas, by name.
        wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "section.models")))
        registered = set(app.extensions["gateway.registry"])

        def listed(driver):
            return {element.text.strip() for element in driver.find_elements(
                By.CSS_SELECTOR, "section.models article[data-json-schema-level='0'] .json-schema-2020-12__title")}

        # The models list is virtualized (only what is in view of its own scrolling box is rendered): scroll
        # that box a view at a time, gathering the names shown, until every action has appeared.
        shown = set()
        for _ in range(400):
            time.sleep(0.05)
            shown.update(listed(browser))
            if registered <= shown:
                break
            at_end = browser.execute_script(
                "const box = document.querySelector('section.models .models-scroll');"
                "if (!box) { return true; }"
                "box.scrollTop += box.clientHeight * 0.8;"
                "return box.scrollTop + box.clientHeight >= box.scrollHeight;")
            if at_end:
                time.sleep(0.3)
                shown.update(listed(browser))
                break
        assert registered <= shown, sorted(registered - shown)

        # Try it out: POST /api with the Key and an action, against the running gateway.
        operation.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
        toggle = wait.until(seen.element_to_be_clickable((By.CSS_SELECTOR, "#operations-default-accion .try-out__btn")))
        if toggle.text.strip() == "Try it out":  # /docs opens in try-it-out mode already (tryItOutEnabled)
            toggle.click()
        key_input = wait.until(seen.element_to_be_clickable(
            (By.CSS_SELECTOR, "#operations-default-accion tr[data-param-name='Key'] input")))
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", key_input)
        key_input.send_keys(tenant.key)
        body = browser.find_element(By.CSS_SELECTOR, "#operations-default-accion textarea.body-param__text")
        browser.execute_script(
            "const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;"
            "set.call(arguments[0], arguments[1]); arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            body, '{"action": "cliente-listar"}')
        browser.find_element(By.CSS_SELECTOR, "#operations-default-accion .execute").click()
        status = wait.until(seen.presence_of_element_located(
            (By.CSS_SELECTOR, "#operations-default-accion .live-responses-table tbody .response-col_status")))
        assert status.text.strip().startswith("200")
        answer = browser.find_element(By.CSS_SELECTOR, "#operations-default-accion .live-responses-table tbody "
                                                       ".response-col_description pre").text
        assert answer.strip().startswith("[")
    finally:
        server.stop()
