"""Resolves CloudFormation intrinsic functions against the local stack's resources.

Supported: `Ref`, `Fn::GetAtt`, `Fn::Sub` (both forms), `Fn::Join`, `Fn::Select`, `Fn::Split`,
`Fn::If`/`Condition` with `Fn::Equals`/`Not`/`And`/`Or`, `Fn::FindInMap`, `Fn::Base64`,
`Fn::ToJsonString`. Anything else raises `UnsupportedIntrinsic` naming it, rather than deploying a
wrong value.
"""

import base64
import json
import re
from collections.abc import Callable
from typing import Any

RefLookup = Callable[[str], Any]
GetAttLookup = Callable[[str, str], Any]

_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")
_NO_VALUE = "AWS::NoValue"


class UnsupportedIntrinsic(ValueError):
    """The template uses an intrinsic function the local deployer does not implement."""


class _NoValue:
    """`Ref: AWS::NoValue`: the enclosing property is dropped."""


NO_VALUE = _NoValue()


class IntrinsicResolver:
    """Turns a template fragment into plain data, looking resources up through two callbacks."""

    def __init__(
        self,
        *,
        parameters: dict[str, Any],
        ref: RefLookup,
        get_att: GetAttLookup,
        conditions: dict[str, Any] | None = None,
        mappings: dict[str, Any] | None = None,
    ):
        self._parameters = parameters
        self._ref = ref
        self._get_att = get_att
        self._conditions = conditions or {}
        self._mappings = mappings or {}

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in (self.resolve(item) for item in value) if v is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, argument), = value.items()
            if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                return self._intrinsic(key, argument)
        resolved = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def condition(self, name: str) -> bool:
        return bool(self.resolve(self._conditions[name]))

    def _lookup_ref(self, name: str) -> Any:
        if name == _NO_VALUE:
            return NO_VALUE
        if name in self._parameters:
            return self._parameters[name]
        return self._ref(name)

    def _sub(self, argument: Any) -> str:
        template, variables = (argument, {}) if isinstance(argument, str) else argument
        variables = {k: self.resolve(v) for k, v in variables.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1).strip()
            if name in variables:
                return str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                return str(self._get_att(*name.split(".", 1)))
            return str(self._lookup_ref(name))

        return _SUB_VARIABLE.sub(replace, template).replace("${!", "${")

    def _intrinsic(self, key: str, argument: Any) -> Any:  # noqa: PLR0911 - one branch per function
        if key == "Ref":
            return self._lookup_ref(argument)
        if key == "Fn::GetAtt":
            logical_id, attribute = argument.split(".", 1) if isinstance(argument, str) else argument
            return self._get_att(logical_id, self.resolve(attribute))
        if key == "Fn::Sub":
            return self._sub(argument)
        if key == "Fn::Join":
            delimiter, items = argument
            return delimiter.join(str(item) for item in self.resolve(items))
        if key == "Fn::Select":
            index, items = self.resolve(argument)
            return items[int(index)]
        if key == "Fn::Split":
            delimiter, text = self.resolve(argument)
            return text.split(delimiter)
        if key == "Fn::Equals":
            left, right = self.resolve(argument)
            return str(left) == str(right)
        if key == "Fn::Not":
            return not self.resolve(argument)[0]
        if key == "Fn::And":
            return all(self.resolve(argument))
        if key == "Fn::Or":
            return any(self.resolve(argument))
        if key == "Condition":
            return self.condition(argument)
        if key == "Fn::If":
            name, if_true, if_false = argument
            return self.resolve(if_true if self.condition(name) else if_false)
        if key == "Fn::FindInMap":
            mapping, top, second = self.resolve(argument)
            return self._mappings[mapping][top][second]
        if key == "Fn::Base64":
            return base64.b64encode(str(self.resolve(argument)).encode()).decode()
        if key == "Fn::ToJsonString":
            return json.dumps(self.resolve(argument), separators=(",", ":"))
        raise UnsupportedIntrinsic(f"The local stack cannot resolve {key}")
