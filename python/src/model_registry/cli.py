"""The mlflow-to-bundle and bundle-to-mlflow commands."""
import argparse
import sys

from .errors import BundleError


def _message(error):
    """What went wrong, for a person: the bundle's own sentence, or the error and its kind."""
    return str(error) if isinstance(error, BundleError) else f"{type(error).__name__}: {error}"


def _print_not_carried(sentences):
    for sentence in sentences:
        print(f"not carried: {sentence}", file=sys.stderr)


def mlflow_to_bundle_main(argv=None):
    parser = argparse.ArgumentParser(
        prog="mlflow-to-bundle",
        description="Write registered models of an MLflow server (versions, stages, aliases, tags, run "
                    "metrics and params, files) to a registry bundle.")
    parser.add_argument("--tracking-uri", required=True, metavar="URL",
                        help="the MLflow tracking server, e.g. http://127.0.0.1:5000")
    parser.add_argument("--model", action="append", default=[], metavar="NAME",
                        help="a registered model to include; repeatable (default: every model)")
    parser.add_argument("out", metavar="OUT.zip", help="the bundle to write")
    args = parser.parse_args(argv)
    from .mlflow import mlflow_to_bundle
    try:
        report = mlflow_to_bundle(args.out, args.tracking_uri, models=args.model or None)
    except Exception as error:  # noqa: BLE001 — a refused bundle or a server error, said in one line
        parser.exit(1, f"mlflow-to-bundle: {_message(error)}\n")
    _print_not_carried(report.not_carried)
    print(f"wrote {args.out} ({report.models} models, {report.versions} versions, {report.files} files)")


def bundle_to_mlflow_main(argv=None):
    parser = argparse.ArgumentParser(
        prog="bundle-to-mlflow",
        description="Push every version of a registry bundle to an MLflow server as a run and a model "
                    "version. Versions the server already holds are skipped, so pushing twice is safe.")
    parser.add_argument("bundle", metavar="BUNDLE.zip", help="the bundle to push")
    parser.add_argument("--tracking-uri", required=True, metavar="URL",
                        help="the MLflow tracking server, e.g. http://127.0.0.1:5000")
    args = parser.parse_args(argv)
    from .mlflow import bundle_to_mlflow
    try:
        report = bundle_to_mlflow(args.bundle, args.tracking_uri)
    except Exception as error:  # noqa: BLE001 — a refused bundle or a server error, said in one line
        parser.exit(1, f"bundle-to-mlflow: {_message(error)}\n")
    _print_not_carried(report.not_carried)
    print(f"pushed {args.bundle}: {report.created} versions created, {report.already_there} already there")
