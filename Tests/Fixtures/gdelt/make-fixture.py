"""Writes the GDELT 2.0 test files: 20191010120000.export.CSV.zip and .gz.

Seven invented events in GDELT 2.0's event layout (61 tab-separated columns, no header), as
GDELT's 15-minute export files hold them: a fight, an air strike, a riot, a consultation placed
at Syria's centroid (ActionGeo_Type 1), a protest at a governorate's centroid (type 5), a fight
that GDELT could not place (empty ActionGeo) and a bombing whose GlobalEventID is above 2^53.
Run: python3 Tests/Fixtures/gdelt/make-fixture.py (from the repository root).
"""
import gzip, os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

def row(gid, day, a1code, a1name, a2code, a2name, code, quad, geotype, fullname, cc, adm1, lat, lon, url):
    cols = [str(gid), day, day[:6], day[:4], f"{int(day[:4]) + (int(day[4:6]) - 1) / 12:.4f}",
            a1code, a1name, a1code[:3], "", "", "", "", "", "", "",
            a2code, a2name, a2code[:3], "", "", "", "", "", "", "",
            "1", code, code[:3], code[:2], str(quad), "-10.0", "6", "1", "6", "-5.3",
            str(geotype), fullname, cc, adm1, "", lat, lon, "",
            "", "", "", "", "", "", "", "",
            str(geotype) if geotype else "", fullname, cc, adm1, "", lat, lon, "",
            "20191010120000", url]
    assert len(cols) == 61, len(cols)
    return "\t".join(cols)

ROWS = [
    row(880000001, "20191009", "TURMIL", "TURKEY", "SYRREB", "KURDISH", "190", 4, 4, "Ras al-Ayn, Al Hasakah, Syria", "SY", "SY01", "36.8506", "40.0733", "https://example.org/ras-al-ain"),
    row(880000002, "20191009", "RUSMIL", "RUSSIA", "SYRREB", "REBEL", "195", 4, 4, "Idlib, Idlib, Syria", "SY", "SY07", "35.9306", "36.6339", "https://example.org/idlib"),
    row(880000003, "20191010", "SYRCVL", "SYRIA", "", "", "145", 3, 4, "Azaz, Halab, Syria", "SY", "SY09", "36.5862", "37.0443", "https://example.org/azaz"),
    row(880000004, "20191010", "USAGOV", "UNITED STATES", "TURGOV", "TURKEY", "042", 1, 1, "Syria", "SY", "SY", "35", "38", "https://example.org/talks"),
    row(880000005, "20191010", "TURMIL", "TURKEY", "SYRREB", "KURDISH", "190", 4, 0, "", "", "", "", "", "https://example.org/unplaced"),
    row(880000006, "20191010", "SYRCVL", "SYRIA", "TURGOV", "TURKEY", "141", 3, 5, "Al Hasakah, Syria", "SY", "SY01", "36.4833", "40.75", "https://example.org/hasakah"),
    row(1734567890123456789, "20191010", "SYRREB", "MILITANT", "SYRCVL", "SYRIA", "1831", 4, 4, "Manbij, Halab, Syria", "SY", "SY09", "36.5281", "37.9536", "https://example.org/manbij"),
]

text = "\n".join(ROWS) + "\n"
name = "20191010120000.export.CSV"
with zipfile.ZipFile(os.path.join(HERE, name + ".zip"), "w", compression=zipfile.ZIP_DEFLATED) as z:
    info = zipfile.ZipInfo(name, date_time=(2019, 10, 10, 12, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, text)
with open(os.path.join(HERE, name + ".gz"), "wb") as f:
    f.write(gzip.compress(text.encode(), mtime=0))
