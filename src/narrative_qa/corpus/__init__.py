"""The corpus and its model: `build.build_model` (map/reduce over a corpus, build time only,
uses scikit-learn) and `model.load_model` / `model.Model` (what rules use; numpy + json only).

Submodules are imported by name (not re-exported here) so that loading a model never imports
the builder's dependencies.
"""
