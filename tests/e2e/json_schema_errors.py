#!/usr/bin/env python3
"""Prints every JSON Schema error of a JSON document, one per line, as
"/path/to/value: message", using python3-jsonschema with the validator of the
schema's own $schema draft (formats checked too). Exits 0 whether or not the
document has errors; 2 when the schema itself is invalid or jsonschema is
missing.

  json_schema_errors.py SCHEMA.json DOCUMENT.json
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is missing (scripts/setup.sh installs it)", file=sys.stderr)
    sys.exit(2)

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    document = json.load(f)
validator_class = jsonschema.validators.validator_for(schema)
try:
    validator_class.check_schema(schema)
except jsonschema.exceptions.SchemaError as e:
    print(f"{sys.argv[1]}: not a valid schema: {e.message}", file=sys.stderr)
    sys.exit(2)
validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
for error in sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]):
    path = "/" + "/".join(str(p) for p in error.absolute_path)
    print(f"{path}: {' '.join(error.message.split())}")
