//! `unspin config`: the settings in force, one per line, with where each came from.

use super::{resolve_settings, Shared, Status};
use crate::decisions::{default_path, Store};
use crate::dictionary::embedded::DEFAULT_PACK;
use crate::settings::{self, Source, Sourced};
use std::io::{self, Write};
use std::path::PathBuf;

pub(crate) const AFTER_HELP: &str = "\
Settings come from three places, highest first: command-line flags, the project's
.unspin.yaml (the nearest one in the current folder or above; --config names another,
--no-config ignores them), and the defaults. Flags that add to a list (--dict, --pack,
--disable) add to the file's list; --glob replaces it; single values (--tier, --decisions,
--no-default-dicts) replace the file's. Paths in .unspin.yaml are relative to that file.

An .unspin.yaml with every key:
  dicts: [dictionaries/house-names.yaml]   # extra dictionaries
  packs: [science]                         # shipped packs to add
  default_dicts: true                      # false: leave out the default pack
  disable: [kdrama-spun.however]           # rule ids not to run
  tier: auto                               # auto | score | spun
  globs: ['*.txt', '*.md']                 # files to read in folders
  decisions: .unspin/decisions.yaml        # the decisions file

Which commands use which: fix, check, diff and review use them all; learn uses dicts,
packs, default_dicts, disable and globs; suggest uses those and tier; dict lint and dict
test use dicts, packs, default_dicts and disable when given no PATH (with PATHs they check
those files on their own). decisions is only for fix, check, diff and review.

Output: one line per value: SETTING  VALUE  SOURCE, where SOURCE is FILE:LINE, `command line`
or `default`. Give the same flags and paths as another command to see what it would use.

Examples:
  unspin config
  unspin config --tier spun articles/
  unspin config | grep ^dicts

Exit codes: 0 done; 2 the settings or decisions file cannot be read.";

/// Arguments of `unspin config`: the shared flags, so that it shows what another command
/// given the same flags would use (paths are optional; they place the default decisions
/// file).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The flags to resolve, as for fix, check, diff or review.
    #[command(flatten)]
    pub shared: Shared,
}

/// Runs `unspin config`.
pub fn run<W: Write>(args: &Args, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let shared = &args.shared;
    let Some((file, merged)) =
        resolve_settings(&shared.dict, shared.command_line_layer(), &mut status)
    else {
        return Ok(status.code());
    };
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut row = |setting: &str, value: String, source: String| {
        rows.push([setting.to_string(), value, source]);
    };
    match (&file, &shared.dict.config) {
        (Some(path), Some(_)) => row(
            "settings",
            path.display().to_string(),
            "command line".into(),
        ),
        (Some(path), None) => row(
            "settings",
            path.display().to_string(),
            "found in the current folder or above".into(),
        ),
        (None, _) if shared.dict.no_config => row(
            "settings",
            "(none)".into(),
            "command line (--no-config)".into(),
        ),
        (None, _) => row(
            "settings",
            "(none)".into(),
            format!("no {} in the current folder or above", settings::FILE_NAME),
        ),
    }
    let list = |row: &mut dyn FnMut(&str, String, String),
                name: &str,
                values: &[Sourced<String>],
                default: &str| {
        if values.is_empty() {
            row(name, default.to_string(), Source::Default.to_string());
        }
        for v in values {
            row(name, v.value.clone(), v.source.to_string());
        }
    };
    if merged.dicts.is_empty() {
        row("dicts", "(none)".into(), Source::Default.to_string());
    }
    for d in &merged.dicts {
        row("dicts", d.value.display().to_string(), d.source.to_string());
    }
    let default_dicts = merged
        .default_dicts
        .clone()
        .unwrap_or(Sourced::new(true, Source::Default));
    row(
        "default_dicts",
        default_dicts.value.to_string(),
        default_dicts.source.to_string(),
    );
    let mut packs = Vec::new();
    if default_dicts.value && !merged.packs.iter().any(|p| p.value == DEFAULT_PACK) {
        packs.push(Sourced::new(DEFAULT_PACK.to_string(), Source::Default));
    }
    packs.extend(merged.packs.iter().cloned());
    list(&mut row, "packs", &packs, "(none)");
    list(&mut row, "disable", &merged.disable, "(none)");
    let tier = merged.tier.clone().unwrap_or(Sourced::new(
        crate::engine::TierMode::Score,
        Source::Default,
    ));
    row(
        "tier",
        settings::tier_name(tier.value).to_string(),
        tier.source.to_string(),
    );
    list(
        &mut row,
        "globs",
        &merged.globs,
        super::inputs::DEFAULT_GLOB,
    );
    let mut decisions_source = match &merged.decisions {
        Some(d) => d.source.to_string(),
        None if shared.paths.is_empty() => "default (the current folder)".to_string(),
        None => "default (the folder of the first input)".to_string(),
    };
    let path = match merged.decisions {
        Some(d) => d.value,
        None => default_path(shared.paths.first().map(PathBuf::as_path)),
    };
    match Store::open(&path) {
        Ok(_) if !path.exists() => decisions_source.push_str("; not created yet"),
        Ok(store) => decisions_source.push_str(&format!(
            "; {} rejected, {} never",
            store.decisions.rejected().len(),
            store.decisions.never().len()
        )),
        Err(e) => {
            status.error(e);
            decisions_source.push_str("; cannot be read");
        }
    }
    row("decisions", path.display().to_string(), decisions_source);
    let widths = [0, 1].map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0));
    for [setting, value, source] in &rows {
        let line = format!(
            "{setting:<w0$}  {value:<w1$}  {source}",
            w0 = widths[0],
            w1 = widths[1]
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(status.code())
}
