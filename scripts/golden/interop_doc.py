#!/usr/bin/env python3
"""Runs every code block of docs/interop.md in order and checks what each prints.

Python blocks run in one shared namespace; TypeScript blocks run with tsx (from the repo's node_modules, like
docs/test/interop-doc.test.ts does). All run in one fresh folder, so each side reads the files the other wrote:
Seedling's weights and ONNX file go to PyTorch and ONNX Runtime, PyTorch's weights come back. A block followed
by a ```text block must print exactly that (trailing spaces ignored).

Afterwards the files PyTorch wrote are copied to docs/interop/, where the docs test (which has no Python) finds
them.

Needs: Python with `pip install torch==2.13.0+cpu safetensors onnx onnxruntime` (about two minutes from the
configured package index), Node, and `npm run setup` done in the repo.

Usage: python3 scripts/golden/interop_doc.py
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "interop.md"
PYTORCH_FILES_DIR = ROOT / "docs" / "interop"
PYTORCH_FILES = ["torch-mlp.safetensors", "torch-batch.safetensors"]
BLOCK_DIR = ROOT / "packages" / "seedling" / ".tmp" / "interop-doc"
TSX_CLI = ROOT / "node_modules" / "tsx" / "dist" / "cli.mjs"


def fences(markdown: str) -> list[dict]:
    """The fenced blocks of the page, each with the ```text block right below it (blank lines between only)."""
    lines = markdown.split("\n")
    out: list[dict] = []
    i = 0
    while i < len(lines):
        m = re.match(r"^```(\w[\w-]*)?\s*$", lines[i])
        if m:
            start, body = i, []
            i += 1
            while i < len(lines) and not re.match(r"^```\s*$", lines[i]):
                body.append(lines[i])
                i += 1
            out.append({"lang": m.group(1) or "", "line": start + 1, "body": "\n".join(body), "end": i, "expected": None})
        i += 1
    for k, f in enumerate(out[:-1]):
        nxt = out[k + 1]
        if nxt["lang"] == "text" and "".join(lines[f["end"] + 1 : nxt["line"] - 1]).strip() == "":
            f["expected"] = nxt["body"]
    return out


def normalize(s: str) -> str:
    return "\n".join(line.rstrip() for line in s.split("\n")).strip()


def run_ts(block: dict, cwd: Path) -> str:
    BLOCK_DIR.mkdir(parents=True, exist_ok=True)
    file = BLOCK_DIR / f"block-{block['line']}.ts"
    file.write_text(block["body"])
    done = subprocess.run(
        ["node", str(TSX_CLI), "--conditions=@seedling-ml/source", str(file)], cwd=cwd, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return done.stdout


def run_python(block: dict, namespace: dict) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(block["body"], f"{DOC.name}:{block['line']}", "exec"), namespace)
    return buf.getvalue()


def main() -> int:
    blocks = [b for b in fences(DOC.read_text()) if b["lang"] in ("ts", "python")]
    work = Path(tempfile.mkdtemp(prefix="seedling-interop-doc-"))
    namespace: dict = {"__name__": "__interop_doc__"}
    failures = 0
    here = os.getcwd()
    try:
        os.chdir(work)
        for b in blocks:
            label = f"{b['lang']:6} block at line {b['line']:3}"
            try:
                printed = run_ts(b, work) if b["lang"] == "ts" else run_python(b, namespace)
            except Exception as e:  # noqa: BLE001 — report and go on
                failures += 1
                detail = e.args[0] if isinstance(e, RuntimeError) else traceback.format_exc()
                print(f"FAIL {label}: raised\n{detail}")
                continue
            if b["expected"] is not None and normalize(printed) != normalize(b["expected"]):
                failures += 1
                print(f"FAIL {label}: printed\n{printed}\nexpected\n{b['expected']}")
            else:
                print(f"ok   {label}" + ("" if not printed.strip() else "\n     " + normalize(printed).replace("\n", "\n     ")))
        if failures == 0:
            PYTORCH_FILES_DIR.mkdir(parents=True, exist_ok=True)
            for name in PYTORCH_FILES:
                shutil.copyfile(work / name, PYTORCH_FILES_DIR / name)
            print(f"copied {', '.join(PYTORCH_FILES)} to {PYTORCH_FILES_DIR.relative_to(ROOT)}/")
    finally:
        os.chdir(here)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(blocks)} blocks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
