"""A file being written by atomic_write never looks like the finished file (a SIGKILL
between write and rename left an empty `.tmp_x.json` that a reader globbing *.json took
for a report: seen in CI on the cluster resume test)."""
import os

from pipeline.render import exports


def test_the_temporary_name_does_not_end_in_the_targets_extension(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        assert not list(tmp_path.glob("*.json"))  # mid-write: nothing a *.json reader could take
        return real_replace(src, dst)

    monkeypatch.setattr(exports.os, "replace", spy)
    exports.atomic_write(tmp_path / "app.pdf.json", b'{"ok": true}')
    assert seen and seen[0][0].startswith(".tmp_") and seen[0][0].endswith(".part")
    assert [p.name for p in tmp_path.iterdir()] == ["app.pdf.json"]
