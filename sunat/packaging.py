"""The zip SUNAT receives (one XML entry, named like the zip) and the zip its CDR comes back in."""

import io
import zipfile


class PackagingError(ValueError):
    pass


def zip_document(stem, xml):
    """`RUC-TT-SERIE-NUMERO.zip` holding `RUC-TT-SERIE-NUMERO.xml`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.xml", xml)
    return buffer.getvalue()


def only_xml(data):
    """(name, bytes) of the single XML in a zip, skipping directory entries (SUNAT adds `dummy/`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = [info for info in archive.infolist()
                       if not info.is_dir() and info.filename.lower().endswith(".xml")]
            if len(entries) != 1:
                raise PackagingError(f"se esperaba un XML en el zip y hay {len(entries)}")
            return entries[0].filename, archive.read(entries[0])
    except zipfile.BadZipFile:
        raise PackagingError("el contenido no es un zip válido") from None
