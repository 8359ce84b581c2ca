"""Benchmark of vpt-rules, side by side: evaluate() against the raw engine, letters against a naive loop.

    python benchmarks/bench.py            # full run
    python benchmarks/bench.py --quick    # within a minute
    python benchmarks/bench.py --json     # ... and one JSON line with every figure, last

Figures:
  evaluate_per_s            full evaluate() (validation to outcome) on a mix of example cases, one process
  engine_floor_per_s        the same compiled rulesets driven raw through durable_rules' Host
                            (pre-serialised facts; assert_fact, get_state, delete_state only)
  engine_overhead_ratio     engine_floor_per_s / evaluate_per_s
  core_floor_per_s          the same facts through durable_rules' C core as vpt_rules drives it, no Python
                            around it: what evaluate() could reach if everything else were free
  letters_per_s             render_documents() for one letter
  naive_letters_per_s       DocxTemplate(path); render(ctx, autoescape=True); save  -- per letter
  letter_speedup_vs_naive   letters_per_s / naive_letters_per_s
  rss_growth_mb             resident memory growth over rss_evaluations evaluations after warm-up
  bad_input_worst_ms        the slowest answer (exit-2 message) to a file of the bad-input corpus
                            (tests/bad_cases/ and a 10 MB file); the aim is well under a second
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import durable.engine as durable
import durable_rules_engine as core

from vpt_rules import __version__, evaluate, get_rulesets, load_case
from vpt_rules.model.loading import load_file
from vpt_rules.rules.compiler import compile_stage, engine_key
from vpt_rules.rules.evaluation import run_rules

EXAMPLES = Path(__file__).resolve().parents[1] / "vpt_rules" / "examples"
AS_OF = "2026-11-23T12:00:00+01:00"


def case_mix() -> list[dict[str, Any]]:
    """The bundled examples and variations of them: sectors, kinds, minors, measures, a private employer."""
    bases = [load_file(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    mix = []
    variations = [
        {},
        {"victim": {"sector": "education"}},
        {"victim": {"sector": "private"}},
        {"incident": {"kinds": ["verbal_abuse"]}},
        {"incident": {"kinds": ["serious_violence"], "injury": "hospital"}},
        {"perpetrator": {"date_of_birth": "2011-03-01"}},
        {"response": {"measure": "service_stop"}},
    ]
    for i, base in enumerate(bases):
        for j, change in enumerate(variations):
            data = copy.deepcopy(base)
            data["case_id"] = f"BENCH-{i}-{j}"
            for key, value in change.items():
                data[key] = {**data.get(key, {}), **value}
            if data.get("response", {}).get("measure") == "service_stop":
                data["response"].pop("ban_until", None)
                data["response"].pop("ban_scope", None)
            mix.append(data)
    return mix


def rate(fn: Callable[[int], None], seconds: float) -> float:
    """Calls per second of ``fn(i)``, run for about ``seconds`` after a short warm-up."""
    for i in range(20):
        fn(i)
    count, start = 0, time.perf_counter()
    while True:
        for _ in range(50):
            fn(count)
            count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 2**20


def engine_messages(mix: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Per case, the JSON messages for stage 1 and stage 2 (facts as evaluate() sends them)."""
    rulesets = get_rulesets()
    out = []
    for data in mix:
        case = load_case(data)
        facts, _ = run_rules(case, rulesets)
        stage1 = {engine_key(k): v for k, v in facts.items() if k not in rulesets.provided_defaults()}
        stage2 = {engine_key(k): v for k, v in facts.items()}
        out.append((json.dumps(stage1), json.dumps(stage2)))
    return out


def bench_engine(messages: list[tuple[str, str]], seconds: float) -> tuple[float, float]:
    """(Host floor, core floor) in evaluations per second."""
    rulesets = get_rulesets()
    definitions = {f"bench_host_stage{s}": compile_stage(rulesets, s) for s in (1, 2)}

    class RecordingHost(durable.Host):
        def get_action(self, action_name: str) -> Any:
            return lambda c: None

    host = RecordingHost()
    host.set_rulesets(copy.deepcopy(definitions))
    names = list(definitions)

    def via_host(i: int) -> None:
        pair = messages[i % len(messages)]
        for name, text in zip(names, pair, strict=True):
            fact = json.loads(text)
            fact["sid"] = f"h{i}"
            try:
                host.assert_fact(name, fact)
            except durable.MessageNotHandledException:
                pass
            host.get_state(name, f"h{i}")
            host.delete_state(name, f"h{i}")

    handles = []
    for stage, definition in enumerate(definitions.values(), 1):
        plain = copy.deepcopy(definition)
        for rule in plain.values():
            rule.pop("run")
        handles.append(core.create_ruleset(f"bench_core_stage{stage}", json.dumps(plain)))

    def via_core(i: int) -> None:
        sid = f"c{i}"
        for handle, text in zip(handles, messages[i % len(messages)], strict=True):
            result = core.assert_fact(handle, text[:-1] + f', "sid": "{sid}"}}')
            if result[0] == 0:
                action = core.start_action_for_state(handle, result[1])
                message = action[1] if action else None
                while message:
                    message = core.complete_and_start_action(handle, result[1])
            core.delete_state(handle, sid)

    return rate(via_host, seconds), rate(via_core, seconds)


def bench_letters(mix: list[dict[str, Any]], seconds: float) -> dict[str, float] | None:
    """Letters per second with render_documents() and with a naive docxtpl loop; None without documents."""
    try:
        from docxtpl import DocxTemplate

        from vpt_rules.documents.registry import letter_context
        from vpt_rules.documents.render import render_documents, template_path
    except ImportError:
        return None
    case = load_case(mix[0])
    outcome = evaluate(case, as_of=AS_OF)
    document = outcome.documents[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def fast(i: int) -> None:
            render_documents(case, outcome, out, documents=[document])

        path = template_path(document)
        context = letter_context(case, outcome, document)

        def naive(i: int) -> None:
            template = DocxTemplate(path)
            template.render(context, autoescape=True)
            template.save(out / f"naive_{i % 10}.docx")

        letters, naive_rate = rate(fast, seconds), rate(naive, seconds)
    return {"letters_per_s": letters, "naive_letters_per_s": naive_rate,
            "letter_speedup_vs_naive": letters / naive_rate}


def bad_input_worst_ms() -> float:
    """The slowest refusal of a bad case file, from reading to the list of problems."""
    from vpt_rules import UserError

    corpus = sorted((Path(__file__).resolve().parents[1] / "tests" / "bad_cases").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        huge = Path(tmp) / "huge.yaml"
        huge.write_text("case_id: '" + "x" * 10_000_000 + "'\n", encoding="utf-8")
        worst = 0.0
        for path in [*corpus, huge]:
            start = time.perf_counter()
            try:
                evaluate(load_case(path), as_of=AS_OF)
            except UserError:
                pass
            worst = max(worst, time.perf_counter() - start)
    return worst * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="finish within about a minute")
    parser.add_argument("--json", action="store_true", help="print one JSON line with every figure, last")
    args = parser.parse_args()
    seconds = 3.0 if args.quick else 10.0
    rss_evaluations = 20_000 if args.quick else 100_000

    mix = case_mix()
    cases = [load_case(d) for d in mix]
    figures: dict[str, Any] = {"version": __version__, "python": platform.python_version(),
                               "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}",
                               "cases_in_mix": len(mix), "quick": args.quick}

    figures["evaluate_per_s"] = rate(lambda i: evaluate(mix[i % len(mix)], as_of=AS_OF), seconds)
    figures["evaluate_parsed_case_per_s"] = rate(lambda i: evaluate(cases[i % len(cases)], as_of=AS_OF), seconds)
    host_floor, core_floor = bench_engine(engine_messages(mix), seconds)
    figures["engine_floor_per_s"] = host_floor
    figures["engine_overhead_ratio"] = host_floor / figures["evaluate_per_s"]
    figures["core_floor_per_s"] = core_floor
    letters = bench_letters(mix, seconds)
    if letters:
        figures.update(letters)

    for i in range(2000):
        evaluate(mix[i % len(mix)], as_of=AS_OF)
    before = rss_mb()
    for i in range(rss_evaluations):
        evaluate(mix[i % len(mix)], as_of=AS_OF)
    figures["rss_evaluations"] = rss_evaluations
    figures["rss_growth_mb"] = rss_mb() - before

    figures["bad_input_worst_ms"] = bad_input_worst_ms()

    for name, value in figures.items():
        shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
        print(f"{name:28} {shown}")
    if args.json:
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
