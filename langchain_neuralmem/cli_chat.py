"""``neuralmem demo`` and ``neuralmem chat``: a chatbot that remembers, on a local model or a server.

Example:
    .. code-block:: console

        $ neuralmem demo
        $ neuralmem chat --session trip-planning --user alice --db ~/.neuralmem.db
        you> I'm flying to Lisbon on the 12th.
        bot> Noted! ...
        you> /memory
        you> /quit
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any, TextIO

from langchain_neuralmem.cli_eval import write_json

CHAT_HELP = (
    "/memory [query] shows what would be recalled, /forget erases this session, /quit leaves"
)


def add_model_options(p: argparse.ArgumentParser, *, max_new_tokens: int) -> None:
    """``--model``, ``--base-url``, ``--backend``, ``--device``, ``--max-new-tokens``."""
    p.add_argument(
        "--model",
        help="chat model: a hub id, a folder, a .gguf file, 'smollm2' (tiny) "
        "(default: the packaged Qwen2.5-Coder-0.5B-Instruct)",
    )
    p.add_argument("--base-url", help="an OpenAI-compatible server, e.g. http://host:8000/v1")
    p.add_argument(
        "--backend",
        default="auto",
        choices=["auto", "transformers", "llama.cpp", "openai"],
        help="how the model runs (auto: llama.cpp on a CPU when installed, transformers on a GPU)",
    )
    p.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N")
    p.add_argument("--max-new-tokens", type=int, default=max_new_tokens)


def chat_model_from(args: argparse.Namespace) -> Any:
    """The chat model the options name."""
    from langchain_neuralmem.llm import load_chat_model

    return load_chat_model(
        args.model,
        device=args.device,
        base_url=args.base_url,
        backend=args.backend,
        max_new_tokens=args.max_new_tokens,
    )


def _cmd_demo(args: argparse.Namespace) -> int:
    if args.recall_only:
        from langchain_neuralmem.demo import run_demo

        report = run_demo(db_path=args.db, filler_dialogues=args.filler, max_tokens=args.max_tokens)
        if args.json:
            write_json(report, args.json)
        # The recall demo's claim: the learned memory finds at least what cosine finds.
        return 0 if report["found"] >= report["cosine_found"] else 1
    import time

    from langchain_neuralmem.chat_demo import run_chat_demo

    start = time.perf_counter()
    llm = chat_model_from(args)
    load_s = time.perf_counter() - start
    print(
        f"Chat model: {getattr(llm, 'model_name', None) or type(llm).__name__} "
        f"({type(llm).__name__}, loaded in {load_s:.1f} s)\n"
    )
    report = run_chat_demo(
        llm,
        db_path=args.db,
        max_tokens=args.max_tokens,
        filler_dialogues=args.filler,
    )
    report["load_s"] = round(load_s, 1)
    report["wall_s"] = round(time.perf_counter() - start, 1)
    print(f"Demo took {report['wall_s']:.0f} s in all.")
    if args.json:
        write_json(report, args.json)
    return 0 if report["correct"] == report["questions"] else 1


def run_chat(
    llm: Any,
    memory: Any,
    *,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    """The interactive loop: read a line, stream the answer, remember; slash commands."""
    from langchain_neuralmem.integrations.chains import create_memory_chat_chain

    chain = create_memory_chat_chain(llm, memory)
    engine = memory.neural_memory
    turns = len(engine.history(session_id=memory.session_id, user_id=memory.user_id))
    print(
        f"Session {memory.session_id!r} of user {memory.user_id!r}: {turns} turns remembered. "
        f"{CHAT_HELP}.",
        file=stdout,
    )
    last = ""
    while True:
        stdout.write("you> ")
        stdout.flush()
        line = stdin.readline()
        if not line:  # end of input
            stdout.write("\n")
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit"):
            return 0
        if text == "/forget":
            n = len(engine.history(session_id=memory.session_id, user_id=memory.user_id))
            memory.clear()
            print(f"Forgot this session ({n} turns).", file=stdout)
            continue
        if text.split()[0] == "/memory":
            query = text[len("/memory") :].strip() or last
            ctx = memory.recall_combined(query)
            shown = ctx.to_text() or "(nothing remembered yet)"
            print(
                f"[recall for {query!r}: {ctx.tokens_used}/{memory.max_tokens} tokens]", file=stdout
            )
            print(shown, file=stdout)
            continue
        if text.startswith("/"):
            print(f"Unknown command {text.split()[0]!r}: {CHAT_HELP}.", file=stdout)
            continue
        last = text
        stdout.write("bot> ")
        stdout.flush()
        for piece in chain.stream(text):
            stdout.write(piece)
            stdout.flush()
        stdout.write("\n")


def _cmd_chat(args: argparse.Namespace) -> int:
    from langchain_neuralmem.integrations.combined import create_combined_memory

    with contextlib.suppress(ImportError):  # line editing at the prompt, where there is one
        import readline  # noqa: F401
    memory = create_combined_memory(
        args.session,
        user_id=args.user,
        db_path=args.db,
        max_tokens=args.max_tokens,
        human_prefix="You",
        ai_prefix="Bot",
    )
    llm = chat_model_from(args)
    try:
        return run_chat(llm, memory)
    except KeyboardInterrupt:
        print()
        return 130


def add_chat(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``demo`` and ``chat``."""
    demo = sub.add_parser(
        "demo",
        help="a chatbot on the packaged model that answers from memory of earlier sessions",
    )
    demo.add_argument("--db", default=":memory:", help="SQLite file (default: in memory)")
    demo.add_argument("--filler", type=int, default=1, help="generated chats between the sessions")
    demo.add_argument("--max-tokens", type=int, default=384, help="memory budget per answer")
    demo.add_argument("--json", help="also write the figures as JSON here ('-' = stdout)")
    demo.add_argument(
        "--recall-only",
        action="store_true",
        help="no chat model: show what the learned memory recalls, against cosine similarity",
    )
    add_model_options(demo, max_new_tokens=48)
    demo.set_defaults(func=_cmd_demo)

    chat = sub.add_parser(
        "chat", help="an interactive chatbot that remembers (persisted to SQLite)"
    )
    chat.add_argument("--session", required=True, help="conversation name (resumes if it exists)")
    chat.add_argument("--user", default="default", help="whose memory")
    chat.add_argument("--db", default="neuralmem.db", help="SQLite file (created if missing)")
    chat.add_argument("--max-tokens", type=int, default=1024, help="memory budget per answer")
    add_model_options(chat, max_new_tokens=256)
    chat.set_defaults(func=_cmd_chat)
