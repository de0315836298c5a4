"""Every `.feature` file of this folder runs as part of the test suite."""

from pytest_bdd import scenarios

scenarios(".")
