// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliProcess.h"

#include <QTest>

namespace natter {

QString CliProcess::Result::describe() const
{
    return QStringLiteral("exit %1%2\n--- stdout:\n%3--- stderr:\n%4")
        .arg(exitCode)
        .arg(finished ? QString() : QStringLiteral(" (did not finish)"), out, err);
}

CliProcess::CliProcess() = default;

CliProcess::~CliProcess()
{
    if (!isRunning())
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

QString CliProcess::program()
{
    return qEnvironmentVariable("NATTER_CLI");
}

CliProcess::Result CliProcess::run(const QStringList &arguments, const QStringList &environment,
                                   int timeoutMs)
{
    CliProcess process;
    process.start(arguments, environment);
    if (!process.waitForFinished(timeoutMs)) {
        process.m_process->kill();
        process.m_process->waitForFinished(5000);
    }
    return process.result();
}

void CliProcess::start(const QStringList &arguments, const QStringList &environment)
{
    m_out.clear();
    m_err.clear();
    m_finished = false;
    m_exitCode = -1;
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program());
    m_process->setArguments(arguments);
    m_process->setEnvironment(environment);
    QProcess *p = m_process.get();
    QObject::connect(p, &QProcess::readyReadStandardOutput, p, [this] { readOutput(); });
    QObject::connect(p, &QProcess::readyReadStandardError, p, [this] { readOutput(); });
    QObject::connect(p, &QProcess::finished, p, [this](int code, QProcess::ExitStatus status) {
        readOutput();
        m_finished = status == QProcess::NormalExit;
        m_exitCode = m_finished ? code : -1;
    });
    QObject::connect(p, &QProcess::errorOccurred, p, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            m_err += "cannot start " + program().toUtf8() + ": " +
                     m_process->errorString().toUtf8() + '\n';
    });
    m_process->start();
    m_process->closeWriteChannel(); // stdin: an empty pipe
}

bool CliProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void CliProcess::readOutput()
{
    m_out += m_process->readAllStandardOutput();
    m_err += m_process->readAllStandardError();
}

QStringList CliProcess::lines(const QString &text)
{
    QStringList result = text.split(u'\n');
    if (!result.isEmpty() && result.last().isEmpty())
        result.removeLast(); // after the last line break
    return result;
}

bool CliProcess::waitForErrorLine(const QString &prefix, int timeoutMs)
{
    return QTest::qWaitFor(
               [&] {
                   if (!errorLineAfter(prefix).isNull())
                       return true;
                   return !isRunning();
               },
               timeoutMs) &&
           !errorLineAfter(prefix).isNull();
}

QString CliProcess::errorLineAfter(const QString &prefix) const
{
    // Complete lines only: a line is not there before its line break.
    const QString err = QString::fromUtf8(m_err);
    const QStringList all = err.split(u'\n');
    for (qsizetype i = 0; i + 1 < all.size(); ++i) {
        if (all.at(i).startsWith(prefix))
            return all.at(i).mid(prefix.size());
    }
    return {};
}

bool CliProcess::waitForFinished(int timeoutMs)
{
    if (!m_process)
        return false;
    return QTest::qWaitFor([&] { return !isRunning(); }, timeoutMs);
}

bool CliProcess::terminate(int timeoutMs)
{
    if (!isRunning())
        return true;
    m_process->terminate();
    return waitForFinished(timeoutMs);
}

CliProcess::Result CliProcess::result() const
{
    Result r;
    r.finished = m_finished;
    r.exitCode = m_exitCode;
    r.out = QString::fromUtf8(m_out);
    r.err = QString::fromUtf8(m_err);
    return r;
}

} // namespace natter
