"""The A4 page: the issuer's header and the column header on every page, the buyer on the first, the lines,
and the closing block (amount in words, totals, payment terms, legends, QR and hash) once, after the last
line, on a page of its own when it does not fit. Every page says "Página i de N"."""

from printing import pdf
from printing.layout import MM
from printing.layout import Layout
from printing.layout import wrap

WIDTH, HEIGHT = 595.2755905511812, 841.8897637795277
# (title, width in points or None for what is left, alignment, PrintedLine attribute)
COLUMNS = (
    ("Cant.", 40, "r", "quantity"),
    ("Unid.", 30, "l", "unit"),
    ("Código", 50, "l", "code"),
    ("Descripción", None, "l", "description"),
    ("V. Unit.", 54, "r", "unit_value"),
    ("P. Unit.", 54, "r", "unit_price"),
    ("Dscto.", 44, "r", "discount"),
    ("Importe", 62, "r", "amount"),
)
SIZE, LEAD, PAD = 8, 10, 3
BOX_WIDTH = 175


def render(printed, font_family="vera"):
    margin = 12 * MM
    page = Layout(font_family, WIDTH, HEIGHT, margin, margin + 14)
    left, right = margin, WIDTH - margin
    width = right - left
    issuer = printed.issuer
    fixed = sum(column[1] for column in COLUMNS if column[1])
    columns, x = [], left
    for title, column_width, align, attribute in COLUMNS:
        column_width = column_width or width - fixed
        columns.append((title, x, column_width, align, attribute))
        x += column_width
    description_width = columns[3][2] - 2 * PAD

    def header():
        top = page.y
        text_left = left
        logo_bottom = top
        if issuer.logo:
            logo = pdf.logo(issuer.logo)
            w, h = logo.fit(110, 60)
            page.image(logo, left, top, w, h)
            text_left, logo_bottom = left + w + 10, top + h
        text_width = right - BOX_WIDTH - 10 - text_left
        page.paragraph(text_left, text_width, issuer.name, 11, bold=True)
        if issuer.trade_name:
            page.paragraph(text_left, text_width, issuer.trade_name, 9)
        if issuer.address:
            page.paragraph(text_left, text_width, issuer.address, 8)
        text_bottom = page.y
        page.y = top + 6
        box_left = right - BOX_WIDTH
        page.paragraph(box_left, BOX_WIDTH, f"R.U.C. {issuer.ruc}", 11, bold=True, align="c")
        page.paragraph(box_left + 6, BOX_WIDTH - 12, printed.title, 11, bold=True, align="c")
        page.paragraph(box_left, BOX_WIDTH, printed.numero, 11, bold=True, align="c")
        box_height = page.y - top + 8
        page.rect(box_left, top, BOX_WIDTH, box_height, 0.8)
        page.y = max(logo_bottom, text_bottom, top + box_height) + 10

    def buyer_block():
        top = page.y
        half = width / 2 - 6
        on_left = [("Señor(es):", printed.buyer_name), (f"{printed.buyer_label}:", printed.buyer_number),
                   ("Dirección:", printed.buyer_address)]
        on_right = [("Fecha de emisión:", printed.issue_date), ("Hora:", printed.issue_time),
                    ("Fecha de vencimiento:", printed.due_date), ("Moneda:", printed.currency),
                    ("Forma de pago:", printed.payment_form)]
        bottoms = []
        for block_left, rows in ((left + 4, on_left), (left + half + 12, on_right)):
            rows = [(label, value) for label, value in rows if value]
            label_width = max((page.string_width(label, SIZE, bold=True) for label, _ in rows), default=0) + 6
            page.y = top + 4
            for label, value in rows:
                before = page.y
                page.text(block_left, page.y + LEAD - 2.2, label, SIZE, bold=True)
                page.paragraph(block_left + label_width, half - label_width - 4, str(value), SIZE, leading=LEAD)
                page.y = max(page.y, before + LEAD)
            bottoms.append(page.y)
        bottom = max(bottoms) + 4
        page.rect(left, top, width, bottom - top, 0.5)
        page.y = bottom + 6
        for text in printed.reference:
            page.paragraph(left, width, text, SIZE, bold=True, leading=LEAD)
        if printed.reference:
            page.y += 6

    def column_header():
        page.rect(left, page.y, width, LEAD + 2 * PAD, 0, fill=0.88)
        baseline = page.y + PAD + LEAD - 2.2
        for title, column_left, column_width, align, _ in columns:
            at = column_left + column_width - PAD if align == "r" else column_left + PAD
            page.text(at, baseline, title, SIZE, bold=True, align=align)
        page.y += LEAD + 2 * PAD

    def start_page(with_columns=True):
        page.new_page()
        header()
        if len(page.pages) == 1:
            buyer_block()
        if with_columns:
            column_header()

    start_page()
    for line in printed.lines:
        wrapped = wrap(line.description, page.regular, SIZE, description_width)
        height = len(wrapped) * LEAD + PAD
        if page.room() < height:
            page.line(left, page.y, right, page.y, 0.5)
            start_page()
        baseline = page.y + LEAD - 2.2
        for _, column_left, column_width, align, attribute in columns:
            if attribute == "description":
                for number, part in enumerate(wrapped):
                    page.text(column_left + PAD, baseline + number * LEAD, part, SIZE)
            elif align == "r":
                page.text(column_left + column_width - PAD, baseline, getattr(line, attribute), SIZE, align="r")
            else:
                page.text(column_left + PAD, baseline, getattr(line, attribute), SIZE)
        page.y += height
        page.line(left, page.y - PAD / 2, right, page.y - PAD / 2, 0.2)
    page.line(left, page.y, right, page.y, 0.5)
    closing(page, printed, left, right, lambda: start_page(with_columns=False))
    pages = len(page.pages)
    for number, ops in enumerate(page.pages, start=1):
        page.ops = ops
        page.text(left, HEIGHT - margin, printed.numero, 7)
        page.text(right, HEIGHT - margin, f"Página {number} de {pages}", 7, align="r")
    return pdf.write(page, [HEIGHT] * pages, f"{printed.title} {printed.numero}", printed.issued_at)


def closing(page, printed, left, right, start_page):
    """Amount in words; totals on the right, payment terms and legends on the left; then QR and hash."""
    width = right - left
    totals_width = 200
    texts_width = width - totals_width - 14
    qr_size = 30 * MM
    texts = [f"Forma de pago: {printed.payment_form}"]
    texts += [f"{label}   vence {due}   {amount}" for label, due, amount in printed.installments]
    if printed.pending_amount:
        texts.append(f"Monto neto pendiente de pago: {printed.pending_amount}")
    if printed.observations:
        texts.append(f"Observaciones: {printed.observations}")
    texts += list(printed.legends) + list(printed.issuer.bank_accounts)
    footer = []
    if printed.electronic:
        footer += [printed.representation, f"Resumen (hash): {printed.digest}"]
    if printed.link:
        footer.append(f"Consulte su comprobante en: {printed.link}")
    footer_width = width - (qr_size + 10 if printed.electronic else 0)
    words_height = page.measure(width, printed.amount_in_words, 9, bold=True) + 6
    texts_height = sum(page.measure(texts_width, text, SIZE, leading=LEAD) for text in texts)
    footer_height = sum(page.measure(footer_width, text, SIZE, leading=LEAD) for text in footer)
    if printed.electronic:
        footer_height = max(qr_size, footer_height)
    needed = 10 + words_height + max(texts_height, len(printed.totals) * (LEAD + 3) + 6) + 8 + footer_height
    if page.room() < needed:
        start_page()  # the closing block alone, under the issuer's header, on a last page
    page.y += 10
    page.paragraph(left, width, printed.amount_in_words, 9, bold=True)
    page.y += 6
    top = page.y
    totals_left = right - totals_width
    for number, (label, amount) in enumerate(printed.totals, start=1):
        last = number == len(printed.totals)
        if last:
            page.line(totals_left, page.y + 1, right, page.y + 1, 0.6)
        page.y += LEAD + 3
        page.text(right - 72, page.y - 3, f"{label}:", SIZE + (1 if last else 0), bold=last, align="r")
        page.text(right - PAD, page.y - 3, f"{printed.symbol} {amount}", SIZE + (1 if last else 0), bold=last,
                  align="r")
    totals_bottom = page.y
    page.y = top
    for text in texts:
        page.paragraph(left, texts_width, text, SIZE, leading=LEAD)
    footer_top = max(page.y, totals_bottom) + 8
    footer_left = left
    if printed.electronic:
        page.qr(printed.qr, left, footer_top, qr_size)
        footer_left = left + qr_size + 10
        page.y = footer_top + qr_size / 2 - LEAD
    else:
        page.y = footer_top
    for text in footer:
        page.paragraph(footer_left, footer_width, text, SIZE, leading=LEAD)
    page.y = max(page.y, footer_top + (qr_size if printed.electronic else 0))
