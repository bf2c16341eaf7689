"""The one error the bundle code raises for input it refuses."""


class BundleError(ValueError):
    """A bundle, or what was given to write one, breaks a rule of the bundle format.

    The message names where (a manifest field such as ``models[0].versions[1].metrics.accuracy``, an
    entry name, or a file of a version) and the rule broken. A ValueError, so code that already catches
    ValueError (as the standalone example's users do) keeps working.
    """
