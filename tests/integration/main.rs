//! The one integration-test binary (`autotests = false`): the command-line contract, tested
//! through the built `unspin`.

mod cli;
mod extend;
mod golden;
mod pipeline;
mod reliability;
mod review;
mod settings;
mod util;
