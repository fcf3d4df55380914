"""A company's print profile from the command line: its logo (checked and scaled down once, here) and the
bank accounts its documents show."""

import io

from PIL import Image
from PIL import UnidentifiedImageError

from admin.companies import AdminError
from models.printing import update_profile

MAX_LOGO_BYTES = 5 * 1024 * 1024
LOGO_BOX = (600, 300)  # pixels: sharp at the 38 × 21 mm an A4 gives it, small in every PDF


def logo_png(data):
    """The image `data` (PNG, JPEG, GIF…) as a PNG no larger than LOGO_BOX, or AdminError."""
    if len(data) > MAX_LOGO_BYTES:
        raise AdminError(f"el logo pesa {len(data) // 1024} KB; el máximo es {MAX_LOGO_BYTES // 1024 // 1024} MB")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise AdminError(f"el archivo no es una imagen legible (PNG o JPEG): {error}") from None
    image.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def set_logo(company, data):
    png = logo_png(data)
    update_profile(company.id, logo=png)
    return png


def remove_logo(company):
    update_profile(company.id, logo=None)


def set_bank_accounts(company, accounts):
    cleaned = [account.strip() for account in accounts if account.strip()]
    if any(len(account) > 200 for account in cleaned):
        raise AdminError("cada cuenta bancaria tiene a lo más 200 caracteres")
    update_profile(company.id, bank_accounts="\n".join(cleaned))
    return cleaned
