"""The text layer: normalisation, lexicon matching, links and a language guess.

Everything here is a pure function of a text (or an immutable object built once from a policy's
lexicons) and reports spans of the *original* text, so that evidence shows the words as written.

Import from the modules (`policy.text.normalise`, `policy.text.matcher`, `policy.text.links`,
`policy.text.lang`). Nothing is re-exported here on purpose: `policy.text.normalise` is both a module
and, inside it, a function, and re-exporting the function would hide the module behind it.
"""
