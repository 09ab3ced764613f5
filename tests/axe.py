"""axe-core in a test page, served from the repository (nothing from the internet): the npm package
`axe-core` pinned in package.json's devDependencies, installed by `npm ci` (`make lint` and
`make test` run it when node_modules/ is missing).

    page, watch = page_factory(1440, 900, bypass_csp=True)   # the app's CSP forbids inline scripts
    page.goto(url)
    found = violations(page)                                  # serious and critical ones
    assert found == [], summary(found)
"""

from __future__ import annotations

from helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SEVERE = ("serious", "critical")


def violations(page, impacts=SEVERE, include: str | None = None, rules: dict | None = None) -> list[dict]:
    """axe's violations on the page as it is now (of `impacts`; within `include`, a CSS selector, or
    the whole document), each {id, impact, help, nodes: [target selectors]}. The page's context
    needs `bypass_csp=True`: axe is injected as a script tag."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (axe-core is in package.json's devDependencies)"
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async ([include, rules]) => {
             const result = await axe.run(include ? {include: [[include]]} : document,
                                          {resultTypes: ['violations'], rules: rules || {}});
             return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                 nodes: v.nodes.map(n => n.target.join(' '))}));
           }""",
        [include, rules],
    )
    return [v for v in found if v["impact"] in impacts]


def counts(found: list[dict]) -> dict[str, int]:
    """Violations by impact: {"serious": 2, "critical": 0}."""
    return {impact: sum(v["impact"] == impact for v in found) for impact in SEVERE}


def summary(found: list[dict]) -> str:
    """One line per violation, for an assertion message."""
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} ({', '.join(v['nodes'][:4])})" for v in found)
