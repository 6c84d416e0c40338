// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace natter::cli {

// natter-cli's exit codes; scripts depend on them (README, --help).
enum ExitCode
{
    Ok = 0,
    Usage = 2,
    Timeout = 3,
    AuthenticationFailed = 4,
    CertificateUntrusted = 5,
    CannotConnect = 6,
    ServerError = 7,
    StoreError = 8, // the local message store cannot be opened
};

} // namespace natter::cli
