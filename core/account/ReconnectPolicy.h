// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/ConnectionError.h"

#include <chrono>
#include <functional>

namespace natter {

// When to try again after a connection was lost: exponential backoff with jitter, capped, so that
// thousands of clients that lost the same server do not come back at the same second; and when
// to give up and tell the user instead (a conflict, wrong credentials, an untrusted certificate,
// or the server refusing the password again and again).
class ReconnectPolicy
{
public:
    using Random = std::function<double()>; // uniform in [0, 1)

    static constexpr std::chrono::milliseconds FirstDelay{1'000};
    static constexpr std::chrono::milliseconds MaxDelay{300'000};
    static constexpr int MaxTemporaryAuthFailures = 3;
    // Stream errors for what we sent (ConnectionError::isRejectedInput) in a row without the
    // server acknowledging anything in between: then it is not a passing fault.
    static constexpr int MaxRejectionsWithoutProgress = 3;

    explicit ReconnectPolicy(Random random = {});

    // Whether to try again after this error (counts temporary authentication failures and
    // rejected input).
    bool shouldRetry(const ConnectionError &error);
    // The delay before the next attempt (counts the attempt): FirstDelay·2^n capped at
    // MaxDelay, then ±25 % jitter.
    std::chrono::milliseconds nextDelay();
    // A session was established: start from the beginning next time.
    // Rejections are forgiven only by progress, not by a new session: a stanza the server
    // refuses would otherwise be re-sent after every login, for ever.
    void reset();
    // The server acknowledged stanzas we sent: what we send is accepted again.
    void progressMade();
    int attempts() const { return m_attempts; }

private:
    Random m_random;
    int m_attempts = 0;
    int m_authFailures = 0;
    int m_rejections = 0;
};

} // namespace natter
