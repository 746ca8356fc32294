"""Write the fuzzing seed corpus: bad-input suite + a few corpus applications.

    python fuzz/make_seeds.py [OUTDIR]      (default fuzz/seeds)

Why both: the bad-input suite holds the structures parsers get wrong (broken
xref, circular XObjects, CID fonts, entity payloads, bombs), the corpus holds
real LibreOffice/Word output with tables, numbering and embedded fonts; the
fuzzer mutates from both. Each seed is one extension byte + the file's bytes
(fuzz_readers.encode). Files over MAX_SEED bytes are left out: they slow every
iteration and their structure is already covered by smaller ones.
"""
from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "fuzz")]
MAX_SEED = 256 * 1024
CORPUS_PER_FORMAT = 6


def _encode(ext: str, content: bytes) -> bytes:
    from fuzz_readers import EXTENSIONS  # imported lazily: it pulls in atheris

    return bytes([EXTENSIONS.index(ext if ext in EXTENSIONS else "")]) + content


def seeds() -> list[tuple[str, bytes]]:
    import badinputs

    out: list[tuple[str, bytes]] = []
    with tempfile.TemporaryDirectory() as tmp:
        suite = Path(tmp)
        for case in badinputs.generate(suite, heavy=True):
            path = suite / case.name
            if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_SEED:
                out.append((path.suffix.lower(), path.read_bytes()))
    apps = ROOT / "corpus" / "applications"
    for ext in (".docx", ".pdf"):
        files = sorted(apps.glob(f"*{ext}"), key=lambda p: p.stat().st_size)[:CORPUS_PER_FORMAT]
        out.extend((ext, p.read_bytes()) for p in files if p.stat().st_size <= MAX_SEED)
    for guide in sorted((ROOT / "corpus" / "guides").glob("*/source.txt"))[:2]:
        out.append((".txt", guide.read_bytes()[:MAX_SEED]))
    return out


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fuzz" / "seeds"
    target.mkdir(parents=True, exist_ok=True)
    n = 0
    for ext, content in seeds():
        data = _encode(ext, content)
        (target / hashlib.sha1(data).hexdigest()).write_bytes(data)
        n += 1
    print(f"{n} seeds in {target}")


if __name__ == "__main__":
    main()
