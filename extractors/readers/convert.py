"""Legacy Word (.doc, Kingsoft .wps, RTF) → .docx through LibreOffice headless.

Why a private profile per conversion: two soffice processes sharing a user
profile block each other (or silently hand the job to the first instance), so
each conversion gets its own throw-away `-env:UserInstallation`. The input is
copied under a neutral name first: applicant file names may start with '-' or
contain characters soffice's command line misreads.
"""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from extractors.readers.errors import ReadError


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, workdir: Path, timeout_s: float = 90.0) -> Path:
    """Convert into `workdir` and return the .docx path; raises ReadError."""
    exe = soffice_path()
    if exe is None:
        raise ReadError("unsupported_format", "旧版Word（.doc/.wps）文件需要LibreOffice转换，但本机未安装LibreOffice"
                                               "（未找到soffice命令）。请安装LibreOffice后重试，或将文件另存为.docx后重新提交。")
    src_dir = Path(tempfile.mkdtemp(prefix="in_", dir=workdir))
    out_dir = Path(tempfile.mkdtemp(prefix="out_", dir=workdir))
    profile = Path(tempfile.mkdtemp(prefix="lo_profile_", dir=workdir))
    src = src_dir / ("submission" + (".rtf" if _is_rtf(path) else ".doc"))
    shutil.copyfile(path, src)
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
           "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(src)]
    env = dict(os.environ, HOME=str(profile), SAL_USE_VCLPLUGIN="svp")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True, preexec_fn=_lift_memory_cap)
    try:
        out, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ReadError("timeout", f"LibreOffice转换超过{timeout_s:.0f}秒未完成，已中止，请将文件另存为.docx后重新提交。")
    finally:
        if proc.poll() is None:
            _kill_group(proc)
    result = out_dir / "submission.docx"
    if proc.returncode != 0 or not result.exists() or result.stat().st_size == 0:
        raise ReadError("malformed", "LibreOffice无法转换该文件（文件可能已损坏或受密码保护），请另存为.docx后重新提交。",
                         detail=(out or b"").decode("utf-8", "replace")[-500:])
    return result


def _is_rtf(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(5) == b"{\\rtf"


def _lift_memory_cap() -> None:
    """The worker's address-space cap is meant for the parsers, not for soffice
    (which maps far more virtual memory than it uses)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
