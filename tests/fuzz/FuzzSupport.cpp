// SPDX-License-Identifier: GPL-3.0-or-later
#include "FuzzSupport.h"

#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace natter::fuzz {

namespace {

void dropMessage(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    // qFatal() aborts after the handler returns; say why first.
    if (type == QtFatalMsg)
        std::fprintf(stderr, "qFatal: %s\n", message.toLocal8Bit().constData());
}

} // namespace

void invariantFailed(const char *file, int line, const char *condition, const QByteArray &detail)
{
    std::fprintf(stderr, "\n==FUZZ== invariant violated at %s:%d: %s\n==FUZZ== %s\n", file, line,
                 condition, detail.constData());
    std::fflush(stderr);
    std::abort();
}

void quietQtMessages()
{
    if (qEnvironmentVariableIntValue("NATTER_FUZZ_VERBOSE") == 0)
        qInstallMessageHandler(dropMessage);
}

QByteArray quoted(const QString &text)
{
    return quoted(QByteArrayView(text.toUtf8()));
}

QByteArray quoted(QByteArrayView bytes)
{
    constexpr qsizetype limit = 400;
    QByteArray out = "\"";
    for (qsizetype i = 0; i < bytes.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\\' || c == '"') {
            out += '\\';
            out += char(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += char(c);
        } else {
            out += "\\x" + QByteArray::number(c, 16).rightJustified(2, '0');
        }
    }
    out += bytes.size() > limit ? "\"..." : "\"";
    return out;
}

} // namespace natter::fuzz
