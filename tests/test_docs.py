"""The repository stands alone: every rule id the code cites is defined in docs/, and comments cite rule ids
or decision records (docs/decisions/), never the numbers of an issue tracker that is not in the repository."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SKIPPED_DIRS = {
    ".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache", ".hypothesis",
    "var", "test-artifacts", "static", "docs",
}  # fmt: skip
TEXT_SUFFIXES = {".py", ".html", ".txt", ".md", ".toml", ".yml", ".yaml", ".sh", ".cfg", ".ini", ".json"}

# A rule id: R-<area>-<n>, or QA-D<n> for quality's decisions. The lookbehind keeps reference numbers
# such as PR-2026-00017 out.
_ID = r"(?:R-[A-Z0-9]+-[0-9]+|QA-D[0-9]+)"
RULE_ID = re.compile(rf"(?<![A-Za-z0-9-]){_ID}\b")
# A definition in docs/: a list item that opens with the id in bold.
DEFINITION = re.compile(rf"^\s*- \*\*({_ID})\*\*", re.MULTILINE)
PLACEHOLDER = re.compile(r"^R-X-[0-9]+$")  # docs/rules.md: ids the error-format tests make up
ISSUE_NUMBER = re.compile(r"\b[Ii]ssues?[- ]#?[0-9]+|\(#[0-9]+\)")


def _text_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]  # pruned, so .venv is never walked
        found += [Path(folder, name) for name in files if Path(name).suffix in TEXT_SUFFIXES]
    return found


def _defined_rule_ids() -> list[str]:
    return [m for doc in DOCS.rglob("*.md") for m in DEFINITION.findall(doc.read_text(encoding="utf-8"))]


def test_every_rule_id_cited_is_defined_in_docs() -> None:
    defined = set(_defined_rule_ids())
    undefined = {
        f"{rule} ({path.relative_to(ROOT)})"
        for path in _text_files()
        for rule in RULE_ID.findall(path.read_text(encoding="utf-8", errors="replace"))
        if rule not in defined and not PLACEHOLDER.match(rule)
    }
    assert not undefined, f"rule ids cited but not defined in docs/: {sorted(undefined)}"


def test_each_rule_id_is_defined_once() -> None:
    twice = [rule for rule, n in Counter(_defined_rule_ids()).items() if n > 1]
    assert not twice, f"rule ids defined more than once in docs/: {twice}"
    assert len(_defined_rule_ids()) > 40  # the pattern still finds the definitions


def test_docs_cite_only_defined_rule_ids() -> None:
    defined = set(_defined_rule_ids())
    cited = {rule for doc in DOCS.rglob("*.md") for rule in RULE_ID.findall(doc.read_text(encoding="utf-8"))}
    assert not {r for r in cited - defined if not PLACEHOLDER.match(r)}


def test_decision_records_are_numbered_once_and_linked() -> None:
    records = sorted((DOCS / "decisions").glob("[0-9][0-9][0-9][0-9]-*.md"))
    numbers = [path.name[:4] for path in records]
    assert numbers == [f"{n:04d}" for n in range(1, len(records) + 1)]
    index = (DOCS / "decisions" / "README.md").read_text(encoding="utf-8")
    for path in records:
        text = path.read_text(encoding="utf-8")
        assert path.name in index, f"{path.name} is not listed in docs/decisions/README.md"
        for heading in ("## Context", "## Decision", "## Consequences"):
            assert heading in text, f"{path.name} has no '{heading}' section"


def test_links_between_docs_resolve() -> None:
    link = re.compile(r"\]\(([^)#:]+)(?:#[^)]*)?\)")
    broken = [
        f"{doc.relative_to(ROOT)} -> {target}"
        for doc in [*DOCS.rglob("*.md"), ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
        for target in link.findall(doc.read_text(encoding="utf-8"))
        if not (doc.parent / target).exists()
    ]
    assert not broken, broken


def test_comments_cite_rules_or_decisions_never_issue_numbers() -> None:
    citing = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _text_files()
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if ISSUE_NUMBER.search(line)
    ]
    assert not citing, f"cite a rule id or a docs/decisions record instead: {citing}"
