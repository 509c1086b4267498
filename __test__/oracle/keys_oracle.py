"""Runs one agoraiotools generator on many inputs.

Reads {"generator": NAME, "inputs": [[arg, ...], ...]} as JSON on stdin and prints a JSON
list with one key per input. NAME is "DynamicKey.generate", "DynamicKey2.generate",
"DynamicKey3.generate", "DynamicKey4.<function>" or "SignalingToken.generateSignalingToken";
the arguments are passed in the order the Python module takes them.
"""
import importlib
import json
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)


def main():
    request = json.load(sys.stdin)
    module_name, function_name = request["generator"].split(".")
    module = importlib.import_module("agoraiotools." + module_name)
    function = getattr(module, function_name)
    json.dump([function(*args) for args in request["inputs"]], sys.stdout)


if __name__ == "__main__":
    main()
