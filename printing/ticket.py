"""The thermal-printer ticket, 80 mm or 58 mm wide and as long as its content.

80 mm paper prints 72 mm and 58 mm paper 48 mm, hence the margins. A ticket longer than 200 inches (the
page size viewers and drivers accept) goes on as a second page; the QR always ends the last one. Print
at 100 % (actual size): a viewer's "fit to page" shrinks a long ticket.
"""

from printing import pdf
from printing.layout import MAX_PAGE_HEIGHT
from printing.layout import MM
from printing.layout import Layout


def render(printed, width_mm=80, font_family="vera"):
    wide = width_mm >= 70
    width = width_mm * MM
    margin = (4 if wide else 5) * MM
    size = 8 if wide else 7
    small = size - 1
    lead = size * 1.25
    page = Layout(font_family, width, None, 3 * MM, 4 * MM)
    page.new_page()
    left, right = margin, width - margin
    column = right - left
    issuer = printed.issuer

    def gap(height=lead * 0.4):
        page.y += height

    def rule():
        gap(lead * 0.35)
        page.line(left, page.y, right, page.y, 0.4)
        gap(lead * 0.15)

    def keep(height):  # a new page only past the longest page a driver takes
        if page.room() < height:
            page.new_page()

    def pair(label, value, bold=False):
        page.y += lead
        page.text(right - 22 * MM, page.y - lead * 0.22, f"{label}:", size, bold=bold, align="r")
        page.text(right, page.y - lead * 0.22, value, size, bold=bold, align="r")

    if issuer.logo:
        logo = pdf.logo(issuer.logo)
        w, h = logo.fit(column * 0.6, 18 * MM)
        page.image(logo, left + (column - w) / 2, page.y, w, h)
        page.y += h + lead * 0.3
    page.paragraph(left, column, issuer.name, size + 1, bold=True, align="c")
    if issuer.trade_name:
        page.paragraph(left, column, issuer.trade_name, size, align="c")
    page.paragraph(left, column, f"RUC {issuer.ruc}", size, bold=True, align="c")
    if issuer.address:
        page.paragraph(left, column, issuer.address, small, align="c")
    rule()
    page.paragraph(left, column, printed.title, size + 1, bold=True, align="c")
    page.paragraph(left, column, printed.numero, size + 1, bold=True, align="c")
    rule()
    if wide:
        page.paragraph(left, column, f"Fecha de emisión: {printed.issue_date}   Hora: {printed.issue_time}", size)
    else:
        page.paragraph(left, column, f"Fecha de emisión: {printed.issue_date}", size)
        page.paragraph(left, column, f"Hora: {printed.issue_time}", size)
    if printed.due_date:
        page.paragraph(left, column, f"Fecha de vencimiento: {printed.due_date}", size)
    page.paragraph(left, column, f"Cliente: {printed.buyer_name}", size)
    if printed.buyer_number:
        page.paragraph(left, column, f"{printed.buyer_label}: {printed.buyer_number}", size)
    if printed.buyer_address:
        page.paragraph(left, column, f"Dirección: {printed.buyer_address}", size)
    page.paragraph(left, column, f"Moneda: {printed.currency}", size)
    for text in printed.reference:
        page.paragraph(left, column, text, size)
    rule()
    page.y += lead
    page.text(left, page.y - lead * 0.22, "Cant. Unid. x P. Unit.", small, bold=True)
    page.text(right, page.y - lead * 0.22, "Importe", small, bold=True, align="r")
    rule()
    for line in printed.lines:
        keep(lead * 3)
        page.paragraph(left, column, f"{line.code} {line.description}", size)
        page.y += lead
        detail = f"{line.quantity} {line.unit} x {line.unit_price}"
        if line.discount:
            detail += f"  Dscto. {line.discount}"
        page.text(left + size, page.y - lead * 0.22, detail, size)
        page.text(right, page.y - lead * 0.22, line.amount, size, align="r")
    rule()
    for number, (label, amount) in enumerate(printed.totals, start=1):
        keep(lead)
        pair(label, f"{printed.symbol} {amount}", bold=number == len(printed.totals))
    gap()
    keep(lead * 8)
    page.paragraph(left, column, printed.amount_in_words, size, bold=True)
    gap()
    page.paragraph(left, column, f"Forma de pago: {printed.payment_form}", size)
    for label, due, amount in printed.installments:
        page.paragraph(left, column, f"{label}  vence {due}  {amount}", size)
    if printed.pending_amount:
        page.paragraph(left, column, f"Monto neto pendiente de pago: {printed.pending_amount}", size)
    if printed.observations:
        page.paragraph(left, column, f"Observaciones: {printed.observations}", small)
    for legend in printed.legends:
        page.paragraph(left, column, legend, small, bold=True)
    for account in issuer.bank_accounts:
        page.paragraph(left, column, account, small)
    if printed.electronic:
        qr_size = min(32 * MM, column)
        keep(qr_size + lead * 8)
        gap()
        page.qr(printed.qr, left + (column - qr_size) / 2, page.y, qr_size)
        page.y += qr_size
        page.paragraph(left, column, f"Resumen (hash): {printed.digest}", small, align="c")
        page.paragraph(left, column, printed.representation, small, align="c")
    if printed.link:
        page.paragraph(left, column, f"Consulte su comprobante en: {printed.link}", small, align="c")
    heights = [MAX_PAGE_HEIGHT] * (len(page.pages) - 1) + [page.y + page.bottom]
    return pdf.write(page, heights, f"{printed.title} {printed.numero}", printed.issued_at)
