"""The template's API routes and the Chalice app's routes are compared as sets."""

import importlib.util
from pathlib import Path

from tapeless_local.stack.api_server import api_function_logical_id, chalice_routes, template_routes
from tapeless_local.stack.template import load_template

SAMPLE = Path(__file__).parent / "sample_stack"


def _sample_app():
    spec = importlib.util.spec_from_file_location("sample_api_app", SAMPLE / "functions/api/app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def test_sample_template_and_app_declare_the_same_routes():
    sam = load_template(SAMPLE / "template.yaml")
    assert api_function_logical_id(sam) == "ApiFunction"
    assert template_routes(sam, "ApiFunction") == chalice_routes(_sample_app())
    assert ("GET", "/items/{item_id}") in chalice_routes(_sample_app())


def test_a_route_missing_from_the_template_shows_in_the_difference():
    sam = load_template(SAMPLE / "template.yaml")
    del sam["Resources"]["ApiFunction"]["Properties"]["Events"]["GetItem"]
    assert chalice_routes(_sample_app()) - template_routes(sam, "ApiFunction") == {("GET", "/items/{item_id}")}
