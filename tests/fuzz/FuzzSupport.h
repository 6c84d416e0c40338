// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>

// Shared by every libFuzzer target in tests/fuzz. A target checks invariants with FUZZ_CHECK: a
// violated invariant aborts like a crash, so libFuzzer saves the input as a finding.

namespace natter::fuzz {

[[noreturn]] void invariantFailed(const char *file, int line, const char *condition,
                                  const QByteArray &detail);

// Drops Qt's debug/info/warning output (the parsers log what they skip, which would drown
// libFuzzer's own output and slow it down). NATTER_FUZZ_VERBOSE=1 keeps it.
void quietQtMessages();

// Reads the input front to back: a few bytes of configuration, then the payload.
class InputReader
{
public:
    InputReader(const uint8_t *data, size_t size)
        : m_data(reinterpret_cast<const char *>(data))
        , m_size(static_cast<qsizetype>(size))
    {}

    // The next byte, or 0 once the input is used up.
    uint8_t byte() { return m_pos < m_size ? static_cast<uint8_t>(m_data[m_pos++]) : 0; }
    // Everything not read yet.
    QByteArrayView rest() const { return QByteArrayView(m_data + m_pos, m_size - m_pos); }

private:
    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
};

// A short, printable rendering of text for invariant messages.
QByteArray quoted(const QString &text);
QByteArray quoted(QByteArrayView bytes);
// QByteArray converts to both QString and QByteArrayView; this picks the bytes.
inline QByteArray quoted(const QByteArray &bytes)
{
    return quoted(QByteArrayView(bytes));
}

} // namespace natter::fuzz

#define FUZZ_CHECK(condition, detail)                                                              \
    do {                                                                                           \
        if (!(condition))                                                                          \
            ::natter::fuzz::invariantFailed(__FILE__, __LINE__, #condition, (detail));             \
    } while (false)
