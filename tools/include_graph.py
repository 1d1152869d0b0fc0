#!/usr/bin/env python3
"""The modules' include graph: which module's files include which module's headers.

Prints the edges (module -> module: how many includes) and, with --dot, a Graphviz graph.
Exits 1 when an arrow points up or sideways: app -> training -> journal -> kb -> core,
app -> indexer -> kb, app -> scripts -> kb, app -> importer -> kb; libraries never include
ImGui or GLFW, and the console includes no storage library (git2, sqlite3, xapian, libpq).
"""
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["core", "kb", "scripts", "indexer", "journal", "training", "importer", "app"]
# What each module may include besides itself.
ALLOWED = {
    "core": set(),
    "kb": {"core"},
    "scripts": {"kb", "core"},
    "indexer": {"kb", "core"},
    "journal": {"kb", "core"},
    "training": {"journal", "scripts", "kb", "core"},
    "importer": {"kb", "core"},
    "app": {"training", "journal", "indexer", "scripts", "importer", "kb", "core"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
UI_HEADERS = ("imgui", "GLFW/", "backends/imgui")
STORAGE_HEADERS = ("git2.h", "git2/", "sqlite3.h", "xapian.h", "libpq-fe.h")


def module_of_header(header: str):
    match = re.match(r"sufler/(\w+)/", header)
    if match and match.group(1) in MODULES:
        return match.group(1)
    if header.startswith("console/") or header.startswith("cli/"):
        return "app"
    return None


def main() -> int:
    edges = Counter()
    problems = []
    for module in MODULES:
        folder = ROOT / module
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".h", ".cpp") or "demo" in path.parts:
                continue
            relative = path.relative_to(ROOT)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found = INCLUDE.match(line)
                if not found:
                    continue
                header = found.group(1)
                where = f"{relative}:{number}"
                if module != "app" and header.startswith(UI_HEADERS):
                    problems.append(f"{where}: library {module} includes {header}")
                if relative.parts[:2] == ("app", "console") and header.startswith(STORAGE_HEADERS):
                    problems.append(f"{where}: the console includes {header} (the worker's libraries do that)")
                target = module_of_header(header)
                if target is None or target == module:
                    continue
                edges[(module, target)] += 1
                if target not in ALLOWED[module]:
                    problems.append(f"{where}: {module} -> {target} points up or sideways ({header})")
    if "--dot" in sys.argv:
        print("digraph sufler {")
        for (source, target), count in sorted(edges.items()):
            print(f'  "{source}" -> "{target}" [label="{count}"];')
        print("}")
    else:
        for (source, target), count in sorted(edges.items()):
            print(f"{source} -> {target}: {count}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
