"""`vpt schema`: a description (Dutch by default) and an example for every field of the case file."""

from __future__ import annotations

import json

from click.testing import CliRunner

from vpt_rules.cli.main import main
from vpt_rules.model.case import Case
from vpt_rules.model.fields import FIELDS, VALUES, case_schema


def _properties(schema: dict) -> dict[str, dict]:
    found = {f"Case.{k}": v for k, v in schema["properties"].items()}
    for model, node in schema["$defs"].items():
        found.update({f"{model}.{k}": v for k, v in node.get("properties", {}).items()})
    return found


def test_every_field_has_a_description_and_an_example() -> None:
    schema = case_schema("nl")
    missing = [name for name, prop in _properties(schema).items() if not prop.get("description") or
               not prop.get("examples")]
    assert missing == [], "add these to FIELDS in vpt_rules/model/fields.py"
    assert sorted(set(FIELDS) - set(_properties(schema))) == [], "FIELDS names fields the model does not have"


def test_every_choice_names_each_of_its_values() -> None:
    schema = case_schema("nl")
    for model, node in schema["$defs"].items():
        if "enum" in node:
            assert set(VALUES[model]) == set(node["enum"]), model
            assert node["description"].count(" = ") == len(node["enum"])


def test_the_schema_is_dutch_by_default_and_english_on_request() -> None:
    dutch = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    english = json.loads(CliRunner().invoke(main, ["schema", "--lang", "en"]).stdout)
    assert dutch["$defs"]["Address"]["properties"]["postcode"] == {
        "type": "string", "description": "Postcode (1234 AB)", "examples": ["3521 AZ"]}
    assert dutch["$defs"]["Incident"]["properties"]["occurred_at"]["description"].startswith(
        "Wanneer het gebeurde: datum en tijd")
    assert "municipality = gemeente" in dutch["$defs"]["Sector"]["description"]
    assert english["$defs"]["Address"]["properties"]["postcode"]["description"] == "Postcode (Dutch: 1234 AB)"
    assert dutch["additionalProperties"] is False and dutch["title"] == "Zaakdossier van vpt-rules"


def test_the_example_of_a_choice_is_one_of_its_values() -> None:
    schema = case_schema("nl")
    props = _properties(schema)
    for name in ("Victim.sector", "Incident.injury", "Response.measure", "Report.filed_by", "DamageItem.kind"):
        enum = schema["$defs"][props[name]["$ref"].rsplit("/", 1)[-1]]["enum"]
        assert props[name]["examples"][0] in enum, name


def test_a_case_made_of_the_examples_is_valid() -> None:
    data = {"case_id": FIELDS["Case.case_id"][1]}
    for part, model in (("incident", "Incident"), ("victim", "Victim"), ("perpetrator", "Perpetrator")):
        data[part] = {k.split(".")[1]: v[1] for k, v in FIELDS.items() if k.startswith(model + ".")}
    data["perpetrator"]["legal_representatives"] = [{k.split(".")[1]: v[1] for k, v in FIELDS.items()
                                                     if k.startswith("Representative.")}]
    data["victim"]["official"] = True
    employer = {k.split(".")[1]: v[1] for k, v in FIELDS.items() if k.startswith("Employer.")}
    employer["contact"] = {k.split(".")[1]: v[1] for k, v in FIELDS.items() if k.startswith("Contact.")}
    employer["signatory"] = {k.split(".")[1]: v[1] for k, v in FIELDS.items() if k.startswith("Signatory.")}
    data["employer"] = employer
    Case.model_validate(data)
