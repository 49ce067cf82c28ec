#!/usr/bin/python3
"""Validates nspath --json documents against docs/schema/.

usage: json_validate.py SCHEMA_DIR FILE...

Debian's python3 with python3-jsonschema (scripts/deps test): jsonschema
4.10 resolves references with RefResolver; a newer one with referencing.
Each FILE holds one document (as nspath prints it: one line); its "mode"
(run, check, compare) names its schema, SCHEMA_DIR/MODE.json, whose
references to common.json resolve within SCHEMA_DIR.  Every schema is
checked against the JSON Schema 2020-12 metaschema first.  Prints one line
per invalid document (FILE: where: why) and exits 1 if there was one.
"""
import json
import pathlib
import sys

import jsonschema

try:
    import referencing  # jsonschema >= 4.18
    import referencing.jsonschema
except ImportError:
    referencing = None


def validator_for(uri, store):
    """A 2020-12 validator of store[uri] resolving references in store."""
    schema = store[uri]
    if referencing:
        registry = referencing.Registry().with_resources(
            (u, referencing.Resource.from_contents(s, default_specification=referencing.jsonschema.DRAFT202012))
            for u, s in store.items())
        return jsonschema.Draft202012Validator({"$ref": uri}, registry=registry)
    resolver = jsonschema.RefResolver(base_uri=uri, referrer=schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema_dir = pathlib.Path(argv[1]).resolve()
    store = {}
    for path in sorted(schema_dir.glob("*.json")):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        store[path.as_uri()] = schema
    bad = 0
    for name in argv[2:]:
        try:
            with open(name) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{name}: not one JSON document: {e}")
            bad += 1
            continue
        mode = doc.get("mode") if isinstance(doc, dict) else None
        uri = (schema_dir / f"{mode}.json").as_uri()
        if uri not in store:
            print(f"{name}: no schema for mode {mode!r}")
            bad += 1
            continue
        validator = validator_for(uri, store)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            where = "/".join(str(p) for p in e.absolute_path) or "(document)"
            print(f"{name}: {where}: {e.message[:300]}")
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
