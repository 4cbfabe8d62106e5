"""The repository stands on its own: no file cites notes kept outside it, and what `make install`
creates next to the code is ignored by git."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Files of the project itself (tracked by git), whatever their kind.
TRACKED = subprocess.run(
    ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
).stdout.split()


def test_no_file_cites_notes_kept_outside_the_repository():
    outside = ("NOTES.md", "../shared", "STYLE.md", "DESIGN.md")
    citing = [
        f"{name}: {needle}"
        for name in TRACKED
        if (ROOT / name).is_file() and name != "tests/iom_site/test_repository.py"
        for needle in outside
        if needle in (ROOT / name).read_text(errors="replace")
    ]
    assert citing == []


def test_the_local_uv_install_and_environments_are_ignored():
    for path in (".tools/bin/uv", ".venv/bin/python", "node_modules/axe-core/axe.js",
                 "staticfiles/css/site.css"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert ignored.returncode == 0, f"{path} is not ignored by git"
