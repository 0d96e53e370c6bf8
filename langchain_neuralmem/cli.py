"""The ``neuralmem`` command: ``demo``, ``chat``, ``train``, ``generate``, ``eval``, ``bench``.

Example:
    .. code-block:: console

        $ neuralmem demo
        $ neuralmem chat --session trip --user alice --db memory.db
        $ neuralmem train --out ./my-weights --epochs 4 --json summary.json
        $ neuralmem eval locomo --data locomo_dev.json --budget-tokens 1024 \
              --memories neural,vector,bm25,recency,hybrid --budgets 256,512,1024,2048 \
              --json - --plot budget.png
        $ neuralmem eval babi --data babi-en-10k --per-task 50 --budget-tokens 64 --json -
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from langchain_neuralmem.cli_bench import add_bench
from langchain_neuralmem.cli_chat import add_chat
from langchain_neuralmem.cli_eval import add_eval, write_json


def _cmd_generate(args: argparse.Namespace) -> int:
    from langchain_neuralmem.data.chatbot import ChatbotConfig, generate_chatbot_dialogues
    from langchain_neuralmem.data.locomo_writer import write_locomo

    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    config = (
        ChatbotConfig.long(domains=args.domains)
        if args.long
        else ChatbotConfig(domains=args.domains)
    )
    write_locomo(generate_chatbot_dialogues(args.count, seed=args.seed, config=config), args.out)
    print(f"wrote {args.count} dialogues to {args.out} ({args.command_line})", file=sys.stderr)
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from langchain_neuralmem.training.trainer import TrainConfig, train

    babi = args.babi_dir
    if babi and not Path(babi).is_dir():
        print(f"error: --babi-dir {babi} is not a folder", file=sys.stderr)
        return 2
    config = TrainConfig(
        seed=args.seed,
        generated=args.generated,
        val_generated=args.val_generated,
        babi_dir=babi,
        babi_per_task=args.babi_per_task,
        epochs=args.epochs,
        lr=args.lr,
        embed_speaker=args.embed_speaker,
        chatbot_generated=args.chatbot_generated,
        chatbot_val=args.chatbot_val,
        calibration_dialogues=args.calibration_dialogues,
    )
    summary = train(config, out_dir=args.out)
    if args.out:
        from langchain_neuralmem.training.model_card import write_model_card

        write_model_card(Path(args.out), summary)
    write_json(summary, args.json)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(
        prog="neuralmem", description="Learned conversational memory for LangChain."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    add_chat(sub)

    tr = sub.add_parser("train", help="train the modules from scratch (CPU, minutes)")
    tr.add_argument(
        "--out", help="checkpoint folder to write (config.json, model.safetensors, MODEL_CARD.md)"
    )
    tr.add_argument("--seed", type=int, default=0)
    from langchain_neuralmem.training.trainer import TrainConfig

    defaults = TrainConfig()
    counts = {
        "generated": "generated two-friend training dialogues",
        "val_generated": "generated held-out dialogues",
        "chatbot_generated": "generated user-assistant training chats",
        "chatbot_val": "generated user-assistant validation chats",
        "calibration_dialogues": "held-out-partition chats the residual's blend is calibrated on",
    }
    for field, text in counts.items():
        flag = "--" + field.replace("_", "-")
        tr.add_argument(flag, type=int, default=getattr(defaults, field), help=text)
    tr.add_argument(
        "--babi-dir",
        default=os.environ.get("NEURALMEM_BABI_DIR"),
        help="bAbI en-10k folder (optional)",
    )
    tr.add_argument("--babi-per-task", type=int, default=defaults.babi_per_task)
    tr.add_argument("--epochs", type=int, default=defaults.epochs)
    tr.add_argument("--lr", type=float, default=defaults.lr)
    tr.add_argument(
        "--embed-speaker",
        action=argparse.BooleanOptionalAction,
        default=defaults.embed_speaker,
        help="embed turns as 'speaker: text' (recorded in the checkpoint)",
    )
    tr.add_argument("--json", default="-", help="where the JSON summary goes ('-' = stdout)")
    tr.set_defaults(func=_cmd_train)

    gen = sub.add_parser("generate", help="write generated dialogues as a LoCoMo-format file")
    gen.add_argument("kind", choices=["chatbot"], help="user-assistant chats")
    gen.add_argument("--count", type=int, default=8, help="dialogues to write")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--domains", choices=["train", "heldout", "all"], default="heldout")
    gen.add_argument("--long", action="store_true", help="chats of about 100k tokens")
    gen.add_argument("--out", required=True, help="JSON file to write")
    gen.set_defaults(func=_cmd_generate)

    add_eval(sub)
    add_bench(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``neuralmem`` script."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    args = build_parser().parse_args(argv)
    args.command_line = shlex.join(["neuralmem", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
