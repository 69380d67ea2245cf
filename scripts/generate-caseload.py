#!/usr/bin/env python3
"""Writes a generated caseload for the report checks: the records of
tests/corpus/dev copied COUNT times with other names, workers and dates,
into TARGET/<worker>/NNNN-<name>.md. Deterministic.

    python3 scripts/generate-caseload.py TARGET COUNT
"""
import datetime, pathlib, re, sys

target, count = pathlib.Path(sys.argv[1]), int(sys.argv[2])
sources = sorted(pathlib.Path("tests/corpus/dev").glob("*.md"))
firsts = ["Amelia", "Noah", "Isla", "Leo", "Freya", "Oscar", "Maya", "Theo", "Ava", "Arlo",
          "Zara", "Finley", "Aisha", "Reuben", "Niamh", "Kai", "Erin", "Yusuf", "Skye", "Jude"]
surnames = ["Archer", "Bennett", "Carter", "Dawson", "Ellis", "Fowler", "Gill", "Hart", "Iqbal",
            "Jones", "Khan", "Lowe", "Mills", "Nash", "Owusu", "Pearce", "Quinn", "Reid", "Shaw", "Turner",
            "Usman", "Vaughan", "Webb", "Young", "Zielinski"]
workers = ["Amira Patel", "Sian Pritchard", "Owen Price", "Hannah Cole", "Leanne Holt", "Megan Lloyd",
           "Daniel Whitaker", "Grace Adeyemi", "Tom Ellery", "Rachel Kaur", "Priya Nair", "Bethan Lewis"]
months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
short = {m[:3].lower(): i + 1 for i, m in enumerate(months)}
short["sept"] = 9
for i, m in enumerate(months):
    short[m.lower()] = i + 1

def shifted(y, m, d, days):
    try:
        return datetime.date(y, m, d) - datetime.timedelta(days=days)
    except ValueError:
        return None  # an impossible date stays as written

def shift_dates(text, days):
    def iso(m):
        d = shifted(int(m[1]), int(m[2]), int(m[3]), days)
        return d.isoformat() if d else m[0]
    def uk(m):
        d = shifted(int(m[3]), int(m[2]), int(m[1]), days)
        return d.strftime("%d/%m/%Y") if d else m[0]
    def words(m):
        d = shifted(int(m[3]), short[m[2].lower()], int(m[1]), days)
        if not d:
            return m[0]
        month = months[d.month - 1] if len(m[2]) > 4 else months[d.month - 1][:3]
        return f"{d.day} {month} {d.year}"
    text = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", iso, text)
    text = re.sub(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", uk, text)
    names = "|".join(sorted(short, key=len, reverse=True))
    return re.sub(r"\b(\d{1,2}) (" + names + r")\b\.? (\d{4})\b", words, text, flags=re.I)

for n in range(count):
    source = sources[n % len(sources)]
    text = source.read_text(encoding="utf-8")
    child = re.search(r"^(?:child: *(.+)|children: *\[([^,\]]+))", text, re.M)
    if child:
        first, _, surname = (child[1] or child[2]).strip().rpartition(" ")
        if first and surname:
            text = re.sub(rf"\b{re.escape(first)}\b", firsts[n % len(firsts)], text)
            text = re.sub(rf"\b{re.escape(surname)}\b", surnames[(n // len(firsts) + n) % len(surnames)], text)
    worker = re.search(r"^worker: *(.+)$", text, re.M)
    if worker:
        text = text.replace(worker[1].strip(), workers[n % len(workers)])
    text = shift_dates(text, (n * 7) % 120)
    folder = target / workers[n % len(workers)].split()[0].lower()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{n:04d}-{source.name}").write_text(text, encoding="utf-8")
