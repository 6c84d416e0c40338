// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace natter {

// natter-cli (the program named by NATTER_CLI) run by a test as a user would run it: arguments,
// environment, stdin not a terminal. Collects stdout and stderr (UTF-8) while the test's event
// loop runs, so a test can wait for a line such as "Listening as ..." before going on. A process
// still running when the object is destroyed is stopped (SIGTERM, then SIGKILL).
class CliProcess
{
public:
    static constexpr int DefaultTimeoutMs = 30000;

    // The outcome of one complete run.
    struct Result
    {
        bool finished = false; // false: still running at the deadline (then killed) or crashed
        int exitCode = -1;
        QString out;
        QString err;

        QStringList outLines() const { return lines(out); }
        QStringList errLines() const { return lines(err); }
        // "exit N", stdout and stderr: for failure messages.
        QString describe() const;
    };

    CliProcess();
    ~CliProcess();
    CliProcess(const CliProcess &) = delete;
    CliProcess &operator=(const CliProcess &) = delete;

    // $NATTER_CLI; empty when it is not set.
    static QString program();

    // Runs natter-cli to its end (or kills it at the deadline).
    static Result run(const QStringList &arguments, const QStringList &environment,
                      int timeoutMs = DefaultTimeoutMs);

    // Starts natter-cli in the background. environment: KEY=VALUE strings (the whole
    // environment). stdin is an empty pipe, never a terminal.
    void start(const QStringList &arguments, const QStringList &environment);
    bool isRunning() const;
    // Processes events until a stderr line starts with prefix (true), or the process has ended
    // or the time is up (false).
    bool waitForErrorLine(const QString &prefix, int timeoutMs = DefaultTimeoutMs);
    // The rest of the first stderr line starting with prefix (null when there is none).
    QString errorLineAfter(const QString &prefix) const;
    // Processes events until the process has ended; false when the time is up.
    bool waitForFinished(int timeoutMs = DefaultTimeoutMs);
    // SIGTERM (natter-cli closes its stream gracefully and exits 0) and waits for the end.
    bool terminate(int timeoutMs = DefaultTimeoutMs);
    // What the process printed so far; the exit code once it has ended normally.
    Result result() const;

private:
    static QStringList lines(const QString &text);
    void readOutput();

    std::unique_ptr<QProcess> m_process;
    QByteArray m_out;
    QByteArray m_err;
    bool m_finished = false;
    int m_exitCode = -1;
};

} // namespace natter
