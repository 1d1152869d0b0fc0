#!/usr/bin/env python3
"""Man pages (Russian) and bash completion for a Sufler program, from the program's own help.

    gen-manpages.py PROGRAM NAME OUTDIR [--section-file FILE]

Runs `PROGRAM --help` and `PROGRAM SUB… --help` for every subcommand it lists (CLI11's
"Subcommands:" section), and writes OUTDIR/NAME.1 (roff) and OUTDIR/NAME.bash-completion.
The program's help is the one source of truth: a new command or option appears in both at the
next build. FILE, when given, is roff appended before "СМ. ТАКЖЕ" (files, environment).
The program runs with an empty configuration (a temporary HOME, no system file), so defaults
of the build machine never end up in the page.
"""
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

OPTION_LINE = re.compile(r"^  (\S.*?)(?:\s{2,}(\S.*))?$")


def run_help(program, words, env):
    done = subprocess.run([program, *words, "--help"], capture_output=True, text=True, env=env,
                          timeout=60)
    if done.returncode != 0:
        sys.exit(f"gen-manpages: `{' '.join([program, *words, '--help'])}` failed: {done.stderr}")
    return done.stdout


def parse(text):
    """Description, usage, options [(names, text)], subcommands [(name, text)]."""
    lines = text.splitlines()
    description, usage, section = [], "", None
    options, subcommands = [], []
    for line in lines:
        if line.startswith("Usage:"):
            usage = line[len("Usage:"):].strip()
            section = "after-usage"
            continue
        if line in ("Options:", "Positionals:", "Subcommands:"):
            section = line[:-1]
            continue
        if section is None:
            if line.strip():
                description.append(line.strip())
            continue
        if not line.startswith("  ") or not line.strip():
            continue
        match = OPTION_LINE.match(line)
        if not match:
            continue
        head, body = match.group(1).strip(), (match.group(2) or "").strip()
        target = {"Options": options, "Positionals": options, "Subcommands": subcommands}.get(section)
        if target is None:
            continue
        if line.startswith("   ") and target:  # a wrapped description line
            name, old = target[-1]
            target[-1] = (name, (old + " " + line.strip()).strip())
            continue
        target.append((head, body))
    return " ".join(description), usage, options, subcommands


def walk(program, env, words=()):
    """Yields (words, parsed help) for the program and each subcommand, depth first."""
    parsed = parse(run_help(program, list(words), env))
    yield words, parsed
    for name, _ in parsed[3]:
        yield from walk(program, env, (*words, name))


# CLI11's own words, in the page's language.
WORDS = {"Print this help message and exit": "показать справку и выйти",
         "Display program version information and exit": "показать версию программы и выйти",
         "[OPTIONS]": "[ПАРАМЕТРЫ]", "SUBCOMMAND": "КОМАНДА", "REQUIRED": "(обязательно)"}


def translate(text):
    for english, russian in WORDS.items():
        text = text.replace(english, russian)
    return text


def roff(text):
    text = translate(text)
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + l) if l.startswith((".", "'")) else l for l in text.split("\n"))


def option_names(head):
    """`-h,--help` → ['-h', '--help']; `--kb TEXT` → ['--kb']."""
    names = []
    for part in head.split(","):
        word = part.strip().split(" ")[0]
        if word.startswith("-"):
            names.append(word.split("=")[0])
    return names


def man_page(name, tree, version, extra):
    (_, (description, usage, options, subcommands)) = tree[0]
    out = [f'.TH {name.upper()} 1 "" "{name} {version}" "Суфлёр"',
           ".SH ИМЯ", f"{roff(name)} \\- {roff(description.split('. ')[0])}",
           ".SH СИНТАКСИС", f".B {roff(name)}", roff(usage.split(" ", 1)[1] if " " in usage else ""),
           ".SH ОПИСАНИЕ", roff(description)]

    def option_block(items):
        for head, body in items:
            out.extend([".TP", f".B {roff(head)}", roff(body) if body else ""])

    if options:
        out.append(".SH ПАРАМЕТРЫ")
        option_block(options)
    if subcommands:
        out.append(".SH КОМАНДЫ")
        for words, (sub_description, sub_usage, sub_options, _) in tree[1:]:
            out.append(f'.SS "{roff(name + " " + " ".join(words))}"')
            out.append(roff(sub_description))
            synopsis = " ".join([name, *words, sub_usage.split(" ", len(words) + 1)[-1]])
            out.extend([".PP", f".B {roff(synopsis)}"])
            option_block([o for o in sub_options if "--help" not in o[0]])
    if extra:
        out.append(extra.rstrip("\n"))
    others = [p for p in ("sufler", "sufler-app") if p != name]
    out.extend([".SH СМ. ТАКЖЕ", ", ".join(f"\\fB{p}\\fR(1)" for p in others) +
                "; подробная документация: /usr/share/doc/sufler/."])
    return "\n".join(line for line in out if line is not None) + "\n"


def completion(name, tree):
    """A bash completion function: subcommands by position, then that command's options."""
    function = "_" + re.sub(r"\W", "_", name)
    cases = []
    for words, (_, _, options, subcommands) in tree:
        key = " ".join(words)
        names = sorted({n for head, _ in options for n in option_names(head)})
        subs = [s for s, _ in subcommands]
        cases.append(f'        "{key}") subs="{" ".join(subs)}"; opts="{" ".join(names)}" ;;')
    return f"""# bash completion for {name}; generated from `{name} --help` at build time.
{function}() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} path="" i word subs opts
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${{COMP_WORDS[i]}}
        [[ $word == -* ]] && continue
        case "${{path:+$path }}$word" in
{chr(10).join("            " + '"' + " ".join(w) + '") path="' + " ".join(w) + '" ;;' for w, _ in tree if w)}
        esac
    done
    case "$path" in
{chr(10).join(cases)}
        *) subs=""; opts="" ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    elif [[ -n $subs ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}}
complete -o filenames -F {function} {name}
"""


def main():
    args = sys.argv[1:]
    extra = ""
    if "--section-file" in args:
        at = args.index("--section-file")
        extra = Path(args[at + 1]).read_text(encoding="utf-8")
        del args[at:at + 2]
    if len(args) != 3:
        sys.exit(__doc__)
    program, name, outdir = args
    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
               "LANG": "C.UTF-8", "COLUMNS": "200", "SUFLER_SYSTEM_CONFIG": "/nonexistent"}
        tree = list(walk(program, env))
        version = subprocess.run([program, "--version"], capture_output=True, text=True,
                                 env=env).stdout.split()[-1]
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.1").write_text(man_page(name, tree, version, extra), encoding="utf-8")
    (out / f"{name}.bash-completion").write_text(completion(name, tree), encoding="utf-8")


if __name__ == "__main__":
    main()
