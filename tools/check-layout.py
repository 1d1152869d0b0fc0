#!/usr/bin/env python3
"""The rules of the code's layout (README, «Из чего состоит»), checked in one run:

- no source file outside tests/ longer than 900 lines;
- app/console: no `friend` (the console's parts talk through interfaces);
- the closing survey's two questions written once in the code (core's regulations.h);
- the modules' include graph points down, libraries include no UI and the console no storage
  library: git2, sqlite3, xapian, libpq (tools/include_graph.py, its graph printed);
- no ';' in a Catch test's name under tests/ (CTest would split it and never run the test).

Prints what it finds; exits 1 when a check fails. `--max-lines N` sets the size limit.
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_SUFFIXES = {".cpp", ".h", ".hpp", ".c", ".cc"}
SKIPPED_FOLDERS = {"tests", "third_party", "vendor", "node_modules"}
REGULATIONS = Path("core/include/sufler/core/regulations.h")
QUESTIONS = ("kAnsweredQuestion", "kSatisfactionQuestion")


def source_files():
    """The project's C++ files outside tests/: those git knows (tracked or new, not ignored);
    every file below the root when this is no git checkout."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard"],
            check=True, capture_output=True, text=True).stdout.splitlines()
        paths = [Path(p) for p in listed]
    except (OSError, subprocess.CalledProcessError):
        paths = [p.relative_to(ROOT) for p in ROOT.rglob("*") if p.is_file()]
    for path in sorted(set(paths)):
        if path.suffix not in SOURCE_SUFFIXES or not (ROOT / path).is_file():
            continue
        if path.parts[0].startswith("build") or SKIPPED_FOLDERS & set(path.parts):
            continue
        yield path


def without_comments(text: str) -> str:
    """The code without // and /* */ comments (string literals kept as they are)."""
    out = []
    i = 0
    in_string = None
    while i < len(text):
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 1
            elif c == in_string:
                in_string = None
        elif c in "\"'":
            in_string = c
            out.append(c)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def main() -> int:
    max_lines = 900
    if "--max-lines" in sys.argv:
        max_lines = int(sys.argv[sys.argv.index("--max-lines") + 1])
    problems = []
    texts = {}
    for path in source_files():
        try:
            texts[path] = (ROOT / path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(f"{path}: не UTF-8")

    for path, text in texts.items():
        lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        if lines > max_lines:
            problems.append(f"{path}: {lines} строк (предел {max_lines})")

    for path, text in texts.items():
        if path.parts[:2] != ("app", "console"):
            continue
        code = without_comments(text)
        for number, line in enumerate(code.splitlines(), 1):
            if re.search(r"\bfriend\b", line):
                problems.append(f"{path}:{number}: friend в консоли")

    regulations = texts.get(REGULATIONS, "")
    for name in QUESTIONS:
        defined = re.search(name + r'\s*=\s*"([^"]+)"', regulations)
        if not defined:
            problems.append(f"{REGULATIONS}: нет {name} — вопрос опроса не определён")
            continue
        question = defined.group(1)
        places = [f"{path}:{code[:at].count(chr(10)) + 1}"
                  for path, text in texts.items()
                  for code in [without_comments(text)]
                  for at in [m.start() for m in re.finditer(re.escape('"' + question), code)]]
        if len(places) != 1:
            problems.append(f"вопрос опроса «{question}» записан в коде {len(places)} раз: "
                            + ", ".join(places))

    # CTest splits a test's name at ';' into two names Catch does not know, so the test never runs.
    for path in sorted((ROOT / "tests").rglob("*.cpp")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for case in re.finditer(r'TEST_CASE\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
            name = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', case.group(1)))
            if ";" in name:
                line = text[:case.start()].count("\n") + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: «;» в имени теста — CTest делит его")

    print("Граф включений между модулями:")
    graph = subprocess.run([sys.executable, str(ROOT / "tools" / "include_graph.py")],
                           capture_output=True, text=True)
    sys.stdout.write(graph.stdout)
    problems += [line for line in graph.stderr.splitlines() if line.strip()]
    if graph.returncode != 0 and not graph.stderr.strip():
        problems.append(f"tools/include_graph.py завершился с кодом {graph.returncode}")

    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(texts)} файлов прочитано; нарушений: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
