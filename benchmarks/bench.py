"""Benchmark of vpt-rules, side by side: evaluate() against the raw engine, letters against a naive loop.

    python benchmarks/bench.py            # full run
    python benchmarks/bench.py --quick    # within a minute
    python benchmarks/bench.py --json     # ... and one JSON line with every figure, last

Every figure is the median of at least 5 samples; `<name>_min` and `<name>_max` give the spread. The machine
is shared and noisy: compare ratios from one run, not figures across runs.

Figures:
  full_path_per_s           the full library path: a dict to the outcome JSON (validation, facts, engine,
                            outcome, JSON), one process
  full_vs_floor_ratio       core_floor_per_s / full_path_per_s: what the Python around the engine costs
  cli_help_s                `vpt --help` as a new process (start-up and imports)
  cli_evaluate_one_s        `vpt evaluate one.yaml --json` as a new process (the cache of parsed rule files,
                            holidays and engine probes warm: the first of the samples fills it);
                            cli_evaluate_one_text_s without --json; cli_evaluate_one_uncached_s with
                            VPT_CACHE_DIR=off (what a first run pays)
  batch_peak_rss_mb_1k      peak memory of `vpt evaluate cases.jsonl --json --jobs 1` on 1,000 cases (and _10k,
                            _100k; --quick: _20k instead of _100k)
  letters_mix_per_s         every document of every case in the mix, through render_documents(), on both cores
                            (two threads: the GIL lets them use about one core for docxtpl's Python);
                            letters_mix_processes_per_s the same in two processes
  rules35_per_s             full path with the bundled rules (stage 2); rules400_per_s with 400 stage-2 rules
                            (generated, mixed operators, none of them firing); rules400_cost_ratio
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
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
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


SAMPLES = 5


def _one_rate(fn: Callable[[int], None], seconds: float) -> float:
    count, start = 0, time.perf_counter()
    while True:
        for _ in range(20):
            fn(count)
            count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def spread(values: list[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    return statistics.median(values), min(values), max(values)


def rate(fn: Callable[[int], None], seconds: float) -> tuple[float, float, float]:
    """Calls per second of ``fn(i)``: median, min and max of SAMPLES samples of ``seconds / SAMPLES`` each."""
    for i in range(20):
        fn(i)
    return spread([_one_rate(fn, seconds / SAMPLES) for _ in range(SAMPLES)])


def put(figures: dict[str, Any], name: str, value: tuple[float, float, float] | None) -> None:
    """A figure with its spread: name (median), name_min, name_max."""
    if value is None:
        figures[name] = None
        return
    figures[name], figures[f"{name}_min"], figures[f"{name}_max"] = value


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


def bench_engine(messages: list[tuple[str, str]], seconds: float) -> tuple[tuple[float, float, float], ...]:
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


def command_seconds(args: list[str], samples: int = SAMPLES,
                    env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall-clock seconds of a command, as a new process each time."""
    times = []
    for _ in range(samples + 1):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       env=None if env is None else {**os.environ, **env})
        times.append(time.perf_counter() - start)
    return spread(times[1:])  # the first run warms the file cache


def batch_peak_rss_mb(mix: list[dict[str, Any]], count: int, folder: Path) -> float:
    """Peak resident memory (MB) of `vpt evaluate FILE.jsonl --json --jobs 1` on ``count`` cases."""
    cases = folder / f"cases_{count}.jsonl"
    with cases.open("w", encoding="utf-8") as out:
        for i in range(count):
            data = mix[i % len(mix)]
            out.write(json.dumps({**data, "case_id": f"B-{i}"}, ensure_ascii=False) + "\n")
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    vpt = str(Path(sys.executable).with_name("vpt"))
    done = subprocess.run([sys.executable, "-c", probe, vpt, "evaluate", str(cases), "--json", "--jobs", "1",
                           "--as-of", AS_OF], capture_output=True, text=True, check=True)
    return int(done.stdout.strip()) / 1024


def letters_mix(mix: list[dict[str, Any]], seconds: float) -> tuple[float, float, float] | None:
    """Documents per second over every document of every case of the mix, on both cores."""
    try:
        from vpt_rules import render_documents
    except ImportError:
        return None
    cases = [load_case(d) for d in mix]
    outcomes = [evaluate(c, as_of=AS_OF) for c in cases]
    per_round = sum(len(o.documents) for o in outcomes)
    if not per_round:
        return None

    def one_round(out: Path) -> None:
        for case, outcome in zip(cases, outcomes, strict=True):
            render_documents(case, outcome, out)

    rates = []
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(2) as pool:
        one_round(Path(tmp) / "warm")
        for sample in range(SAMPLES):
            rounds, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds / SAMPLES:
                list(pool.map(one_round, [Path(tmp) / f"{sample}-{rounds}-{k}" for k in range(2)]))
                rounds += 2
            rates.append(rounds * per_round / (time.perf_counter() - start))
    return spread(rates)


def _letters_for(mix: list[dict[str, Any]], seconds: float, out: str) -> tuple[int, float]:
    """In a worker process: render every document of the mix for about ``seconds``; (documents, seconds)."""
    from vpt_rules import render_documents

    cases = [load_case(d) for d in mix]
    outcomes = [evaluate(c, as_of=AS_OF) for c in cases]
    for case, outcome in zip(cases, outcomes, strict=True):  # warm: templates, babel, the privacy guard
        render_documents(case, outcome, Path(out) / "warm")
    documents, rounds, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for case, outcome in zip(cases, outcomes, strict=True):
            documents += len(render_documents(case, outcome, Path(out) / str(rounds)))
        rounds += 1
    return documents, time.perf_counter() - start


def letters_mix_processes(mix: list[dict[str, Any]], seconds: float) -> tuple[float, float, float] | None:
    """Documents per second over the mix in two worker processes (both cores, no shared GIL): the sum of
    the workers' rates, per sample."""
    try:
        from vpt_rules import render_documents  # noqa: F401 - only whether the document stack is there
    except ImportError:
        return None
    rates = []
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(2) as pool:
        for sample in range(SAMPLES):
            done = list(pool.map(_letters_for, [mix, mix], [seconds / SAMPLES] * 2,
                                 [f"{tmp}/{sample}-{k}" for k in range(2)]))
            rates.append(sum(documents / elapsed for documents, elapsed in done))
    return spread(rates)


def many_rules_folder(folder: Path, total: int) -> Path:
    """The bundled rules plus generated stage-2 rules (mixed operators, none firing) up to ``total``."""
    bundled = Path(__file__).resolve().parents[1] / "rulesets"
    target = folder / f"rules{total}"
    shutil.copytree(bundled, target)
    files = [load_file(p) for p in bundled.glob("*.yaml")]
    stage2 = sum(len(f.get("rules", [])) for f in files if f.get("stage", 2) == 2)
    conditions = [
        "{fact: perpetrator.age, lt: -%d}",
        "{fact: incident.kind.stalking, is: true}\n      - {fact: perpetrator.age, gt: %d0}",
        "{fact: victim.sector, in: [prison]}\n      - {fact: perpetrator.prior_incidents, gte: 9%d}",
        "{fact: damages.employee_cents, lt: -%d}",
    ]
    lines = ["ruleset: generated", "title: \"Gegenereerde regels voor de benchmark\"", "version: \"1\"", "rules:"]
    for i in range(max(0, total - stage2)):
        lines += [f"  - id: generated.rule_{i}", f"    title: \"Regel {i}\"",
                  "    description: \"Een regel die nooit vuurt, voor de benchmark.\"",
                  "    when:", "      - " + conditions[i % len(conditions)] % (i + 1),
                  "    then:", "      flags: {complaint_required: true}", "    sources: [\"benchmark\"]"]
    (target / "zz_generated.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def rules_cost(mix: list[dict[str, Any]], seconds: float, folder: Path) -> dict[str, Any]:
    """The full path with the bundled rules and with 400 stage-2 rules."""
    out: dict[str, Any] = {}
    put(out, "rules35_per_s", rate(lambda i: evaluate(mix[i % len(mix)], as_of=AS_OF).to_json(), seconds))
    try:
        big = many_rules_folder(folder, 400)
        put(out, "rules400_per_s", rate(lambda i: evaluate(mix[i % len(mix)], as_of=AS_OF, rules_dir=big).to_json(),
                                        seconds))
        out["rules400_cost_ratio"] = out["rules35_per_s"] / out["rules400_per_s"]
    except Exception as exc:  # the engine's limits at a few hundred rules: reported, not hidden
        out["rules400_per_s"] = None
        out["rules400_error"] = f"{type(exc).__name__}: {exc}"[:300]
    return out


def bench_letters(mix: list[dict[str, Any]], seconds: float) -> dict[str, Any] | None:
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
            "letter_speedup_vs_naive": letters[0] / naive_rate[0]}


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
    parser.add_argument("--quick", action="store_true", help="finish within a few minutes")
    parser.add_argument("--json", action="store_true", help="print one JSON line with every figure, last")
    args = parser.parse_args()
    seconds = 5.0 if args.quick else 15.0
    rss_evaluations = 20_000 if args.quick else 100_000

    mix = case_mix()
    cases = [load_case(d) for d in mix]
    figures: dict[str, Any] = {"version": __version__, "python": platform.python_version(),
                               "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}",
                               "cases_in_mix": len(mix), "quick": args.quick, "samples": SAMPLES}

    put(figures, "full_path_per_s", rate(lambda i: evaluate(mix[i % len(mix)], as_of=AS_OF).to_json(), seconds))
    put(figures, "evaluate_per_s", rate(lambda i: evaluate(mix[i % len(mix)], as_of=AS_OF), seconds))
    put(figures, "evaluate_parsed_case_per_s", rate(lambda i: evaluate(cases[i % len(cases)], as_of=AS_OF), seconds))
    host_floor, core_floor = bench_engine(engine_messages(mix), seconds)
    put(figures, "engine_floor_per_s", host_floor)
    put(figures, "core_floor_per_s", core_floor)
    figures["engine_overhead_ratio"] = figures["engine_floor_per_s"] / figures["evaluate_per_s"]
    figures["full_vs_floor_ratio"] = figures["core_floor_per_s"] / figures["full_path_per_s"]

    vpt = str(Path(sys.executable).with_name("vpt"))
    put(figures, "cli_help_s", command_seconds([vpt, "--help"]))
    one = [vpt, "evaluate", str(sorted(EXAMPLES.glob("*.yaml"))[0])]
    put(figures, "cli_evaluate_one_s", command_seconds([*one, "--json", "--as-of", AS_OF]))
    put(figures, "cli_evaluate_one_text_s", command_seconds(one))  # the Dutch summary, as issue 15 times it
    put(figures, "cli_evaluate_one_uncached_s", command_seconds([*one, "--json", "--as-of", AS_OF],
                                                                env={"VPT_CACHE_DIR": "off"}))
    with tempfile.TemporaryDirectory() as tmp:
        sizes = (1_000, 10_000, 20_000 if args.quick else 100_000)
        for size in sizes:
            label = f"{size // 1000}k"
            figures[f"batch_peak_rss_mb_{label}"] = batch_peak_rss_mb(mix, size, Path(tmp))
        figures["batch_rss_growth_mb"] = figures[f"batch_peak_rss_mb_{sizes[-1] // 1000}k"] - figures[
            "batch_peak_rss_mb_1k"]
        figures.update(rules_cost(mix, seconds, Path(tmp)))

    put(figures, "letters_mix_per_s", letters_mix(mix, seconds))
    put(figures, "letters_mix_processes_per_s", letters_mix_processes(mix, seconds))
    letters = bench_letters(mix, seconds)
    if letters:
        for name, value in letters.items():
            if isinstance(value, tuple):
                put(figures, name, value)
            else:
                figures[name] = value

    for i in range(2000):
        evaluate(mix[i % len(mix)], as_of=AS_OF)
    before = rss_mb()
    for i in range(rss_evaluations):
        evaluate(mix[i % len(mix)], as_of=AS_OF)
    figures["rss_evaluations"] = rss_evaluations
    figures["rss_growth_mb"] = rss_mb() - before

    figures["bad_input_worst_ms"] = bad_input_worst_ms()

    for name, value in figures.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        print(f"{name:32} {shown}")
    if args.json:
        print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
