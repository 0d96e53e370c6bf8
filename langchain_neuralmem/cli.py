"""The ``neuralmem`` command: ``demo``, ``train`` (and more as they land).

Example:
    .. code-block:: console

        $ neuralmem demo
        $ neuralmem train --out ./my-weights --epochs 4 --json summary.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _cmd_demo(args: argparse.Namespace) -> int:
    from langchain_neuralmem.demo import run_demo

    report = run_demo(db_path=args.db, filler_dialogues=args.filler, max_tokens=args.max_tokens)
    if args.json:
        _write_json(report, args.json)
    return 0 if report["found"] == report["questions"] else 1


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
    )
    summary = train(config, out_dir=args.out)
    if args.out:
        from langchain_neuralmem.training.model_card import write_model_card

        write_model_card(Path(args.out), summary)
    _write_json(summary, args.json)
    return 0


def _write_json(data: object, target: str) -> None:
    text = json.dumps(data, indent=2, sort_keys=True)
    if target == "-":
        print(text)
    else:
        Path(target).write_text(text + "\n")
        print(f"wrote {target}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(prog="neuralmem", description="Learned conversational memory for LangChain.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="scripted long conversation: what each component recalls and why")
    demo.add_argument("--db", default=":memory:", help="SQLite file (default: in memory)")
    demo.add_argument("--filler", type=int, default=3, help="generated dialogues replayed as filler")
    demo.add_argument("--max-tokens", type=int, default=256)
    demo.add_argument("--json", help="also write the figures as JSON here ('-' = stdout)")
    demo.set_defaults(func=_cmd_demo)

    tr = sub.add_parser("train", help="train the modules from scratch (CPU, minutes)")
    tr.add_argument("--out", help="checkpoint folder to write (config.json, model.safetensors, MODEL_CARD.md)")
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--generated", type=int, default=240, help="generated training dialogues")
    tr.add_argument("--val-generated", type=int, default=40, help="generated held-out dialogues")
    tr.add_argument("--babi-dir", default=os.environ.get("NEURALMEM_BABI_DIR"), help="bAbI en-10k folder (optional)")
    tr.add_argument("--babi-per-task", type=int, default=40)
    tr.add_argument("--epochs", type=int, default=4)
    tr.add_argument("--lr", type=float, default=2e-3)
    tr.add_argument("--json", default="-", help="where the JSON summary goes ('-' = stdout)")
    tr.set_defaults(func=_cmd_train)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``neuralmem`` script."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
