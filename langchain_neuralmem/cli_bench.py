"""``neuralmem bench --llm``: chat-model throughput per route; ``neuralmem bench --agent``:
NeuralMemoryMiddleware against SummarizationMiddleware on one long agent thread.

Example:
    .. code-block:: console

        $ neuralmem bench --llm                                  # packaged Qwen, all routes
        $ neuralmem bench --llm --model smollm2 --routes llama.cpp,server --json bench.json
        $ neuralmem bench --llm --routes server --base-url http://gpu-box:8000/v1 --model my-model
        $ neuralmem bench --agent --exchanges 30 --json docs/results/agent_bench_cpu.json
        $ neuralmem bench --turns 1000,10000,100000,1000000 --json scale.json --plot scale.png
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_bench"]


def _routes(text: str) -> list[str]:
    from langchain_neuralmem.llm.bench import ROUTES

    routes = [r.strip() for r in text.split(",") if r.strip()]
    bad = [r for r in routes if r not in ROUTES]
    if not routes or bad:
        raise argparse.ArgumentTypeError(f"routes must be a comma-separated subset of {ROUTES}")
    return routes


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _cmd_agent_bench(args: argparse.Namespace) -> int:
    import json

    from tqdm import tqdm

    from langchain_neuralmem.evaluation.agent_bench import FACTS, run_agent_bench
    from langchain_neuralmem.llm import load_chat_model

    llm = load_chat_model(
        args.model, device=args.device, base_url=args.base_url, max_new_tokens=args.max_new_tokens
    )
    bar = tqdm(total=2 * (args.exchanges + 2 * len(FACTS)), desc="agent bench", unit="call")

    def progress(message: str) -> None:
        bar.set_postfix_str(message[:40], refresh=False)
        bar.update(1)

    report = run_agent_bench(
        llm, exchanges=args.exchanges, max_tokens=args.budget_tokens, progress=progress
    )
    bar.close()
    report["command"] = getattr(args, "command_line", "neuralmem bench --agent")
    print(json.dumps({"summary": report["summary"], "ratios": report.get("ratios")}, indent=2))
    if args.json:
        from langchain_neuralmem.cli_eval import write_json

        write_json(report, args.json)
    return 0


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--turns takes comma-separated counts, got {text!r}"
        ) from None
    if not sizes or min(sizes) < 100:
        raise argparse.ArgumentTypeError("--turns sizes must be at least 100 each")
    return sizes


def _cmd_scale_bench(args: argparse.Namespace) -> int:
    import json

    from tqdm import tqdm

    from langchain_neuralmem.evaluation.scale_bench import ScaleConfig
    from langchain_neuralmem.evaluation.scale_report import (
        format_table,
        plot_scale,
        run_scale_bench,
    )

    cfg = ScaleConfig(
        sizes=args.turns,
        queries=args.queries,
        writes=args.writes,
        real_up_to=args.real_up_to,
        sessions=args.sessions,
        session_turns=args.session_turns,
        workdir=args.workdir,
        profile=args.profile,
    )
    bar = tqdm(desc="scale bench", unit="step", disable=args.no_progress)

    def progress(message: str) -> None:
        bar.set_postfix_str(message[:50], refresh=False)
        bar.update(1)

    report = run_scale_bench(cfg, progress)
    bar.close()
    report["command"] = getattr(args, "command_line", "neuralmem bench --turns")
    print(format_table(report))
    print(json.dumps({"targets": report["targets"], "growth": report["growth"]}, indent=2))
    if args.json:
        from langchain_neuralmem.cli_eval import write_json

        write_json(report, args.json)
    if args.plot:
        plot_scale(report, args.plot)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.agent:
        return _cmd_agent_bench(args)
    if args.turns:
        return _cmd_scale_bench(args)
    if not args.llm:
        print(
            "error: say what to benchmark: neuralmem bench --llm, --agent or --turns",
            file=sys.stderr,
        )
        return 2
    from langchain_neuralmem.llm.bench import DEFAULT_PROMPTS, format_table, run_llm_bench

    prompts = list(DEFAULT_PROMPTS) * (
        (args.prompts + len(DEFAULT_PROMPTS) - 1) // len(DEFAULT_PROMPTS)
    )
    report = run_llm_bench(
        args.routes,
        model=args.model,
        base_url=args.base_url,
        device=args.device,
        max_new_tokens=args.max_new_tokens,
        prompts=prompts[: args.prompts],
    )
    report["command"] = getattr(args, "command_line", "neuralmem bench --llm")
    print(format_table(report))
    if args.json:
        from langchain_neuralmem.cli_eval import write_json

        write_json(report, args.json)
    return 0 if any("error" not in row for row in report["results"]) else 1


def add_bench(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``neuralmem bench`` on the CLI's subparsers.

    Example:
        >>> parser = argparse.ArgumentParser()
        >>> add_bench(parser.add_subparsers(dest="command"))
        >>> parser.parse_args(["bench", "--llm", "--routes", "llama.cpp"]).routes
        ['llama.cpp']
    """
    bench = sub.add_parser(
        "bench",
        help="memory size and speed (--turns), chat-model routes (--llm), "
        "or agent memory middlewares (--agent)",
    )
    bench.add_argument("--llm", action="store_true", help="benchmark the chat-model routes")
    bench.add_argument(
        "--agent",
        action="store_true",
        help="NeuralMemoryMiddleware vs SummarizationMiddleware on one long agent thread",
    )
    bench.add_argument("--exchanges", type=_positive, default=30, help="--agent: thread length")
    bench.add_argument(
        "--budget-tokens", type=_positive, default=512, help="--agent: memory budget / trigger"
    )
    bench.add_argument(
        "--routes",
        type=_routes,
        default=["transformers", "llama.cpp", "server"],
        help="comma-separated: transformers,llama.cpp,server (default: all three)",
    )
    bench.add_argument(
        "--model",
        help="packaged alias (qwen2.5-coder-0.5b, smollm2), .gguf path, folder or hub id "
        "(default: the packaged Qwen2.5-Coder-0.5B-Instruct)",
    )
    bench.add_argument(
        "--base-url",
        help="time this OpenAI-compatible server for the server route instead of starting "
        "a local llama.cpp server",
    )
    bench.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N")
    bench.add_argument("--max-new-tokens", type=_positive, default=64)
    bench.add_argument("--prompts", type=_positive, default=3, help="timed prompts per route")
    bench.add_argument(
        "--turns",
        type=_sizes,
        help="memory sizes to build and time against the FAISS vector memory, "
        "e.g. 1000,10000,100000,1000000",
    )
    bench.add_argument("--queries", type=_positive, default=50, help="--turns: timed recalls")
    bench.add_argument("--writes", type=_positive, default=100, help="--turns: timed writes")
    bench.add_argument(
        "--real-up-to",
        type=int,
        default=10_000,
        help="--turns: largest size stored with real MiniLM embeddings (larger: synthetic)",
    )
    bench.add_argument(
        "--sessions", type=int, default=1000, help="--turns: sessions of the many-sessions user"
    )
    bench.add_argument("--session-turns", type=_positive, default=100)
    bench.add_argument("--workdir", help="--turns: where to build the memories (default: /tmp)")
    bench.add_argument("--plot", help="--turns: write the figure here (PNG)")
    bench.add_argument(
        "--profile", action="store_true", help="--turns: also profile the timed recalls"
    )
    bench.add_argument("--no-progress", action="store_true")
    bench.add_argument("--json", help="also write the figures as JSON here ('-' = stdout)")
    bench.set_defaults(func=_cmd_bench)
