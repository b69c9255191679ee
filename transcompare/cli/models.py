"""``transcompare models``: installed argos packages and Apertium pairs."""

from __future__ import annotations

import click

from transcompare.cli.options import format_option


@click.group()
def models() -> None:
    """Translation models: installed argos packages and Apertium pairs.

    \b
    Examples:
      transcompare models list
      transcompare models install pt en
      transcompare models install-file translate-pt_en-1_0.argosmodel
      transcompare models remove pt en
    """


@models.command("list")
@format_option(("table", "jsonl"), "table")
def models_list(fmt: str) -> None:
    """Installed argos packages and Apertium pairs, and every pair reachable through pivots.

    \b
    Example:
      transcompare models list --format jsonl
    """
    from transcompare.output import write_frame
    from transcompare.translate.models import model_table, route_table

    installed, problems = model_table()
    write_frame(installed, fmt)
    if fmt == "table" and not (installed["engine"] == "argos").any():
        click.echo("argos: no packages installed (transcompare models install FROM TO, or models install-file)")
    routes = route_table()
    if fmt == "table":
        click.echo("Reachable pairs (engine auto):")
    write_frame(routes, fmt)
    for line in problems:
        click.echo(f"Warning: {line}", err=True)


@models.command("install")
@click.argument("from_code", metavar="FROM")
@click.argument("to_code", metavar="TO")
def models_install(from_code: str, to_code: str) -> None:
    """Download and install the argos package FROM->TO from the argos package index.

    \b
    Example:
      transcompare models install pt en
    """
    from transcompare.translate.models import install_from_index

    path = install_from_index(from_code, to_code)
    click.echo(f"installed argos {from_code}->{to_code} in {path}")


@models.command("install-file")
@click.argument("package_file", metavar="PKG.argosmodel")
def models_install_file(package_file: str) -> None:
    """Validate a local .argosmodel (zip, one folder, metadata, safe paths, size) and install it.

    \b
    Example:
      transcompare models install-file translate-pt_en-1_9.argosmodel
    """
    from transcompare.translate.models import install_file, validate_package_file

    info = validate_package_file(package_file)
    path = install_file(package_file)
    click.echo(f"installed argos {info.from_code}->{info.to_code} (version {info.package_version}) in {path}")


@models.command("remove")
@click.argument("from_code", metavar="FROM")
@click.argument("to_code", metavar="TO")
def models_remove(from_code: str, to_code: str) -> None:
    """Remove the installed argos package FROM->TO.

    \b
    Example:
      transcompare models remove pt en
    """
    from transcompare.translate.models import remove

    for path in remove(from_code, to_code):
        click.echo(f"removed {path}")
