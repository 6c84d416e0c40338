// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReconnectPolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace natter {

ReconnectPolicy::ReconnectPolicy(Random random)
    : m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

bool ReconnectPolicy::shouldRetry(const ConnectionError &error)
{
    if (!error.isError() || !error.isTemporary())
        return false;
    if (error.kind == ConnectionError::Kind::AuthenticationFailed &&
        ++m_authFailures >= MaxTemporaryAuthFailures)
        return false;
    if (error.isRejectedInput() && ++m_rejections >= MaxRejectionsWithoutProgress)
        return false;
    return true;
}

std::chrono::milliseconds ReconnectPolicy::nextDelay()
{
    const double base = double(FirstDelay.count()) * std::pow(2.0, std::min(m_attempts, 20));
    const double capped = std::min(base, double(MaxDelay.count()));
    ++m_attempts;
    const double jitter = 0.75 + 0.5 * m_random();
    return std::chrono::milliseconds(static_cast<qint64>(capped * jitter));
}

void ReconnectPolicy::progressMade()
{
    m_rejections = 0;
}

void ReconnectPolicy::reset()
{
    m_attempts = 0;
    m_authFailures = 0;
}

} // namespace natter
