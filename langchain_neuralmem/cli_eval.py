"""The ``neuralmem eval`` sub-commands: ``locomo`` (evidence recall, or ``--qa``), ``babi``, ``report``.

Example:
    >>> import argparse
    >>> sub = argparse.ArgumentParser().add_subparsers()
    >>> add_eval(sub)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def write_json(data: object, target: str) -> None:
    """Write ``data`` as indented JSON to a file, or to stdout for ``"-"``."""
    text = json.dumps(data, indent=2, sort_keys=True)
    if target == "-":
        print(text)
    else:
        Path(target).write_text(text + "\n")
        print(f"wrote {target}", file=sys.stderr)


def _eval_inputs(args: argparse.Namespace, *, folder: bool) -> list[str] | None:
    """Checked ``--memories`` of an eval command, or ``None`` after printing what is wrong."""
    from langchain_neuralmem.evaluation.memories import parse_memories

    data = Path(args.data)
    if not (data.is_dir() if folder else data.is_file()):
        print(
            f"error: --data {args.data} is not a {'folder' if folder else 'file'}", file=sys.stderr
        )
        return None
    try:
        memories = parse_memories(args.memories)
    except ValueError as exc:
        print(f"error: --memories: {exc}", file=sys.stderr)
        return None
    return memories if _check_weights(args.weights) else None


def _fail(message: str) -> int:
    """Print ``error: message`` to stderr; the exit status of a usage error."""
    print(f"error: {message}", file=sys.stderr)
    return 2


def _cmd_eval_locomo(args: argparse.Namespace) -> int:
    from langchain_neuralmem.evaluation.memories import DEFAULT_MEMORIES
    from langchain_neuralmem.evaluation.runner import PLOT_BUDGETS, run_locomo

    if args.qa:
        return _cmd_eval_locomo_qa(args)
    qa_only = [f"--{k.replace('_', '-')}" for k in _QA_ONLY if getattr(args, k) is not None]
    if qa_only:
        return _fail(f"{', '.join(qa_only)} only apply with --qa")
    args.memories = args.memories or ",".join(DEFAULT_MEMORIES)
    memories = _eval_inputs(args, folder=False)
    if memories is None:
        return 2
    if args.sessions == "split":
        from langchain_neuralmem.evaluation.memories import with_split_sessions

        memories = with_split_sessions(memories)
        if memories is None:
            return _fail("--sessions split needs a neural memory in --memories")
    report = run_locomo(
        args.data,
        memories=memories,
        budget=args.budget_tokens,
        plot_budgets=args.budgets or (PLOT_BUDGETS if args.plot else ()),
        weights=args.weights,
        device=args.device,
        limit_conversations=args.limit_conversations,
        limit_questions=args.limit_questions,
        split=args.split,
        command=args.command_line,
        threads=args.threads,
        vector_k=args.vector_k,
        progress=not args.no_progress,
        dates=bool(args.dates),
    )
    report["sessions"] = args.sessions
    if args.sessions == "split":
        from langchain_neuralmem.evaluation.memories import SPLIT_NOTE

        report["sessions_note"] = SPLIT_NOTE
    if args.plot:
        from langchain_neuralmem.evaluation.plots import plot_budget_curve

        plot_budget_curve(
            report["by_budget"],
            args.plot,
            title=f"LoCoMo ({report['split']}): evidence recall vs. context budget",
            detail=report.get("by_budget_detail"),
        )
        report["plot"] = str(args.plot)
        print(f"wrote {args.plot}", file=sys.stderr)
    write_json(report, args.json)
    return 0


def _cmd_eval_split(args: argparse.Namespace) -> int:
    from langchain_neuralmem.evaluation.split_sweep import split_grid, sweep_splits

    try:
        shares = [[float(x) for x in v.split(",")] for v in (args.retrieved, args.summaries)]
        grid = split_grid(*shares)
    except ValueError as err:
        return _fail(f"--retrieved / --summaries: {err}")
    report = sweep_splits(
        args.data,
        grid,
        budgets=args.budgets,
        limit_conversations=args.limit_conversations,
        progress=not args.no_progress,
    )
    report["command"] = args.command_line
    for row in report["results"]:
        print(row["label"], row["evidence_recall"], file=sys.stderr)
    write_json(report, args.json)
    return 0


#: ``eval locomo`` flags that only mean something with ``--qa`` (argparse dests).
_QA_ONLY = ("model", "base_url", "limit", "judge_model", "judge_base_url", "answer_cache")


def _cmd_eval_locomo_qa(args: argparse.Namespace) -> int:
    """``eval locomo --qa``: a chat model answers a question sample from each memory's context."""
    from langchain_neuralmem.evaluation.qa import (
        default_qa_memories,
        parse_qa_memories,
        run_locomo_qa,
    )
    from langchain_neuralmem.evaluation.qa_report import plot_qa_f1, render_qa

    evidence_only = [
        f
        for f, v in (("--budgets", args.budgets), ("--limit-questions", args.limit_questions))
        if v
    ]
    if evidence_only:
        return _fail(f"{', '.join(evidence_only)} do not apply with --qa (use --limit)")
    if not Path(args.data).is_file():
        return _fail(f"--data {args.data} is not a file")
    try:
        memories = parse_qa_memories(args.memories) if args.memories else default_qa_memories()
    except ValueError as exc:
        return _fail(f"--memories: {exc}")
    if not _check_weights(args.weights):
        return 2
    from langchain_neuralmem.errors import NeuralMemError
    from langchain_neuralmem.llm import load_chat_model

    device = args.device or "auto"
    try:
        chat = load_chat_model(
            args.model, base_url=args.base_url, device=device, max_new_tokens=args.max_new_tokens
        )
        judge = None
        if args.judge_model is not None or args.judge_base_url is not None:
            judge = load_chat_model(
                args.judge_model, base_url=args.judge_base_url, device=device, max_new_tokens=8
            )
    except (NeuralMemError, ValueError, ImportError) as exc:
        return _fail(f"chat model: {exc}")
    report = run_locomo_qa(
        args.data,
        chat_model=chat,
        memories=memories,
        limit=args.limit,
        seed=args.seed,
        budget=args.budget_tokens,
        judge_model=judge,
        model_name=_model_name(args.model, args.base_url),
        judge_name=_model_name(args.judge_model, args.judge_base_url) if judge else None,
        answer_cache=args.answer_cache,
        weights=args.weights,
        device=args.device,
        limit_conversations=args.limit_conversations,
        split=args.split,
        command=args.command_line,
        threads=args.threads,
        vector_k=args.vector_k,
        progress=not args.no_progress,
        dates=True if args.dates is None else args.dates,
    )
    print(render_qa(report), file=sys.stderr)
    if args.plot:
        plot_qa_f1(report, args.plot)
        report["plot"] = str(args.plot)
        print(f"wrote {args.plot}", file=sys.stderr)
    write_json(report, args.json)
    return 0


def _model_name(model: str | None, base_url: str | None) -> str:
    """The chat model's name for the report and the answer cache."""
    name = model or "packaged default (Qwen2.5-Coder-0.5B-Instruct GGUF)"
    return f"{name} @ {base_url}" if base_url else name


def _cmd_eval_report(args: argparse.Namespace) -> int:
    from langchain_neuralmem.evaluation.report import render_babi, render_locomo

    sections = []
    for path in args.reports:
        report = json.loads(Path(path).read_text())
        if report.get("dataset") == "locomo":
            sections.append(render_locomo(report, plot=report.get("plot") if args.plots else None))
        elif report.get("dataset") == "babi":
            sections.append(render_babi(report))
        elif report.get("dataset") == "locomo-qa":
            from langchain_neuralmem.evaluation.qa_report import render_qa

            sections.append(render_qa(report))
        else:
            return _fail(f"{path} is not a `neuralmem eval` report")
    text = "\n".join(sections)
    if args.model_card:
        from langchain_neuralmem.training.model_card import write_model_card

        folder = Path(args.model_card)
        summary = json.loads((folder / "training.json").read_text())
        print(f"wrote {write_model_card(folder, summary, evaluation=text)}", file=sys.stderr)
    if args.out == "-":
        print(text)
    else:
        Path(args.out).write_text(text)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _cmd_eval_babi(args: argparse.Namespace) -> int:
    from langchain_neuralmem.evaluation.runner import run_babi

    memories = _eval_inputs(args, folder=True)
    if memories is None:
        return 2
    report = run_babi(
        args.data,
        memories=memories,
        budget=None if args.top_k is not None else args.budget_tokens,
        top_k=args.top_k,
        per_task=args.per_task,
        split=args.split,
        weights=args.weights,
        device=args.device,
        command=args.command_line,
        threads=args.threads,
        progress=not args.no_progress,
    )
    write_json(report, args.json)
    return 0


def _check_weights(weights: str | None) -> bool:
    if weights is not None and not Path(weights).is_dir():
        print(f"error: --weights {weights} is not a checkpoint folder", file=sys.stderr)
        return False
    return True


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _budget_list(text: str) -> tuple[int, ...]:
    """``"256,512,1024"`` -> ``(256, 512, 1024)``, each a positive integer."""
    try:
        budgets = tuple(sorted({_positive(b) for b in text.split(",") if b.strip()}))
    except (ValueError, argparse.ArgumentTypeError) as exc:
        raise argparse.ArgumentTypeError(f"expected positive integers, got {text!r}") from exc
    if not budgets:
        raise argparse.ArgumentTypeError("give at least one budget")
    return budgets


def _eval_common(p: argparse.ArgumentParser, default_memories: str) -> None:
    p.add_argument(
        "--memories",
        default=default_memories,
        help=f"comma-separated (default {default_memories}): neural, vector, bm25, recency, "
        "hybrid (LangChain EnsembleRetriever over BM25 + the vector store), and the "
        "ablations neural-no-state, neural-no-attention, neural-no-hierarchy, cosine",
    )
    p.add_argument("--json", default="-", help="where the JSON report goes ('-' = stdout)")
    p.add_argument("--weights", help="checkpoint folder for the neural memories (default: shipped)")
    p.add_argument("--device", help="cpu, cuda, ... (default: CUDA when present)")
    p.add_argument(
        "--threads",
        type=_positive,
        default=1,
        help="torch / FAISS CPU threads (default 1: recall is many tiny ops, and one "
        "thread beats several contending ones)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def _qa_flags(lo: argparse.ArgumentParser) -> None:
    """The ``eval locomo --qa`` flags."""
    qa = lo.add_argument_group(
        "question answering (--qa)",
        "a chat model answers a seeded sample of questions from each memory's context, "
        "scored with LoCoMo's F1; --memories defaults to neural,vector,combined,oracle "
        "(oracle = the gold evidence turns alone), --plot draws F1 per memory and category",
    )
    qa.add_argument("--qa", action="store_true", help="answer the questions with a chat model")
    qa.add_argument(
        "--model",
        help="chat model: packaged default (Qwen2.5-Coder-0.5B), smollm2, a path or hub id",
    )
    qa.add_argument("--base-url", help="OpenAI-compatible server for the chat model")
    qa.add_argument("--limit", type=_positive, help="questions in all (default: every question)")
    qa.add_argument("--seed", type=int, default=0, help="the question sample's seed")
    qa.add_argument(
        "--max-new-tokens", type=_positive, default=32, help="answer length cap (default 32)"
    )
    qa.add_argument("--judge-model", help="also grade answers CORRECT/WRONG with this model")
    qa.add_argument("--judge-base-url", help="OpenAI-compatible server for the judge")
    qa.add_argument(
        "--answer-cache", help="JSON-lines file of model replies to reuse and extend (resumable)"
    )


def add_eval(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ev = sub.add_parser("eval", help="evidence recall of the memories on LoCoMo or bAbI")
    which = ev.add_subparsers(dest="dataset", required=True)

    lo = which.add_parser("locomo", help="LoCoMo: is the gold evidence in the context?")
    lo.add_argument("--data", required=True, help="LoCoMo JSON file (e.g. locomo_dev.json)")
    lo.add_argument("--budget-tokens", type=_positive, default=1024)
    from langchain_neuralmem.evaluation.memories import DEFAULT_MEMORIES

    _eval_common(lo, ",".join(DEFAULT_MEMORIES))
    lo.add_argument("--split", help="split name for the report (default: from the file name)")
    lo.add_argument("--limit-conversations", type=_positive, help="only the first K")
    lo.add_argument(
        "--limit-questions", type=_positive, help="at most Q questions per conversation"
    )
    lo.add_argument(
        "--budgets",
        type=_budget_list,
        help="comma-separated extra budgets every memory is also asked at, e.g. "
        "256,512,1024,2048; adds by_budget and by_budget_detail (with 95%% CIs) to the "
        "JSON (default: 256,512,1024,2048 with --plot, else none)",
    )
    lo.add_argument(
        "--plot",
        help="PNG of evidence recall vs. budget (--budgets, default 256-2048) with 95%% CI bands",
    )
    lo.add_argument(
        "--vector-k",
        type=_positive,
        default=200,
        help="documents the vector baseline retrieves, and each of hybrid's two retrievers",
    )
    lo.add_argument(
        "--dates",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="every memory shows and pays for each turn's day (default: off for evidence "
        "recall, as in docs/results.md; on with --qa)",
    )
    lo.add_argument(
        "--sessions",
        choices=["one", "split"],
        default="one",
        help="split: also ask each neural memory across sessions (<name>-sessions rows)",
    )
    _qa_flags(lo)
    lo.set_defaults(func=_cmd_eval_locomo, memories=None)

    sp = which.add_parser(
        "split", help="the combined memory's evidence recall for a grid of budget splits"
    )
    sp.add_argument("--data", required=True, help="LoCoMo-format JSON file")
    sp.add_argument("--budgets", type=_budget_list, default=(512, 1024))
    sp.add_argument("--retrieved", default="0,0.1,0.2,0.35", help="retriever shares to try")
    sp.add_argument("--summaries", default="0,0.05,0.1", help="summary shares to try")
    sp.add_argument("--limit-conversations", type=_positive, help="only the first K")
    sp.add_argument("--json", default="-", help="where the JSON report goes ('-' = stdout)")
    sp.add_argument("--no-progress", action="store_true", help="no progress bar")
    sp.set_defaults(func=_cmd_eval_split)

    ba = which.add_parser("babi", help="bAbI: are the supporting facts in the context?")
    ba.add_argument("--data", required=True, help="bAbI en-10k folder")
    ba.add_argument("--per-task", type=_positive, default=50, help="stories per task")
    ba.add_argument("--split", default="test", choices=["train", "test"])
    size = ba.add_mutually_exclusive_group()
    size.add_argument(
        "--budget-tokens",
        type=_positive,
        default=64,
        help="context budget (default 64: stories are short)",
    )
    size.add_argument("--top-k", type=_positive, help="give each memory K turns instead")
    _eval_common(ba, "neural,vector,bm25,recency")
    ba.set_defaults(func=_cmd_eval_babi)

    rep = which.add_parser(
        "report", help="markdown tables from `eval locomo` / `eval babi` JSON reports"
    )
    rep.add_argument("reports", nargs="+", help="JSON files written by `neuralmem eval`")
    rep.add_argument("--out", default="-", help="markdown file to write ('-' = stdout)")
    rep.add_argument("--plots", action="store_true", help="embed each report's plot")
    rep.add_argument(
        "--model-card",
        help="checkpoint folder whose MODEL_CARD.md is rewritten with these tables appended",
    )
    rep.set_defaults(func=_cmd_eval_report)
