"""The README's library example runs as written and prints the subject of the tokens."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _library_example() -> str:
    section = README.read_text().split("## Library use", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README's Library use section has no python block"
    return match.group(1)


def test_readme_library_example_logs_in_a_test_number_without_flask() -> None:
    code = "import sys\n" + _library_example() + "\nassert 'flask' not in sys.modules\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    match = re.search(r"subject: ([0-9a-f-]{36}) new user: True", result.stdout)
    assert match, result.stdout
