// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_start: figure 8 of the performance issue.
//
//   "Start: process start to the login dialog painted ≤ 150 ms."
//
// Launches the real natter binary as a user's first start does: a fresh profile (its own HOME
// and XDG directories, nothing configured), so it opens the login dialog. The app is told
// NATTER_FIRST_PAINT=FILE (app/gui/FirstPaintProbe.h): once the dialog's first frame is painted it
// writes the CLOCK_MONOTONIC time to FILE; the benchmark took the same clock just before starting
// the process. Then it ends the app (SIGTERM) and starts the next run. The first run only warms
// the disk cache and is not counted.
//
// For a figure that does not depend on the machine's speed, each run also starts this benchmark
// itself in --floor mode: a bare QApplication that paints one QDialog with a label and two
// buttons, measured the same way. The ratio natter / floor is what Natter adds to what any Qt
// widgets app costs to start here.
//
// The platform is offscreen unless QT_QPA_PLATFORM says otherwise (e.g. xcb with an Xvfb DISPLAY).
//
//   bench_start [--app PATH] [--runs N] [--smoke] [--json FILE]
//
// Fails (exit 1) only when the app does not start or paints no login dialog within 30 s.
#include "BenchSupport.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QVBoxLayout>

#include <chrono>
#include <cstdio>
#include <optional>

using namespace natter::bench;
using namespace Qt::StringLiterals;

namespace {

constexpr int TimeoutMs = 30'000;

qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The first "NAME first_paint_ns=N" of a probe file, or nothing yet.
std::optional<qint64> firstPaint(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = file.readLine();
    const qsizetype at = line.indexOf("first_paint_ns=");
    if (at < 0 || !line.endsWith('\n'))
        return std::nullopt;
    bool ok = false;
    const qint64 ns = line.mid(at + 15).trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(ns) : std::nullopt;
}

// Processor time all threads of a process have used so far (/proc/PID/task/*/schedstat: the
// first field is nanoseconds on a CPU), or -1.
double processorMs(qint64 pid)
{
    const QString tasks = u"/proc/%1/task"_s.arg(pid);
    const QStringList threads = QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    if (threads.isEmpty())
        return -1;
    qint64 ns = 0;
    for (const QString &thread : threads) {
        QFile file(tasks + u'/' + thread + u"/schedstat"_s);
        if (file.open(QIODevice::ReadOnly))
            ns += file.readAll().split(' ').value(0).toLongLong();
    }
    return double(ns) / 1e6;
}

struct Launch
{
    double ms = 0;
    double cpuMs = 0; // processor time of the process up to its first paint
    QString error;
};

// Starts program with a fresh HOME and waits for its first paint; then ends it.
Launch launch(const QString &program, const QStringList &arguments)
{
    Launch result;
    QTemporaryDir home;
    if (!home.isValid()) {
        result.error = u"cannot create a temporary directory"_s;
        return result;
    }
    const QString probe = home.filePath(u"first-paint"_s);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home.path());
    env.insert(u"XDG_CONFIG_HOME"_s, home.path() + u"/config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home.path() + u"/data"_s);
    env.insert(u"XDG_CACHE_HOME"_s, home.path() + u"/cache"_s);
    env.insert(u"XDG_RUNTIME_DIR"_s, home.path() + u"/runtime"_s);
    env.remove(u"NATTER_JID"_s);
    env.remove(u"NATTER_PASSWORD"_s);
    env.insert(u"NATTER_FIRST_PAINT"_s, probe);
    if (!env.contains(u"QT_QPA_PLATFORM"_s))
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QDir().mkpath(home.path() + u"/runtime"_s);
    QFile::setPermissions(home.path() + u"/runtime"_s,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    QProcess process;
    process.setProcessEnvironment(env);
    // The output is shown only when something goes wrong (the offscreen platform warns a lot).
    process.setProcessChannelMode(QProcess::MergedChannels);
    const auto output = [&process] {
        return QString::fromLocal8Bit(process.readAll()).right(4000).trimmed();
    };
    const qint64 start = monotonicNs();
    process.start(program, arguments);
    if (!process.waitForStarted(TimeoutMs)) {
        result.error = u"%1 does not start: %2"_s.arg(program, process.errorString());
        return result;
    }
    std::optional<qint64> painted;
    while (!(painted = firstPaint(probe))) {
        if (process.state() == QProcess::NotRunning) {
            result.error =
                u"%1 ended (exit %2) before painting"_s.arg(program).arg(process.exitCode());
            return result;
        }
        if (monotonicNs() - start > qint64(TimeoutMs) * 1'000'000) {
            result.error = u"%1 painted nothing within %2 s:\n%3"_s.arg(program)
                               .arg(TimeoutMs / 1000)
                               .arg(output());
            process.kill();
            process.waitForFinished(5000);
            return result;
        }
        if (process.bytesAvailable() > 1'000'000)
            process.readAll(); // keep the pipe flowing
        QThread::usleep(500);
    }
    result.ms = double(*painted - start) / 1e6;
    // The app waits for input once the dialog is painted: what it used up to now is its start.
    result.cpuMs = processorMs(process.processId());
    process.terminate();
    if (!process.waitForFinished(10'000)) {
        process.kill();
        process.waitForFinished(5000);
    }
    return result;
}

// --floor: the least a Qt widgets app does to paint a dialog, reported like natter does.
class FloorProbe : public QObject
{
public:
    FloorProbe(QWidget *widget, const QString &file)
        : QObject(widget)
        , m_file(file)
    {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            watched->removeEventFilter(this);
            QMetaObject::invokeMethod(
                this,
                [this] {
                    QFile file(m_file);
                    if (file.open(QIODevice::WriteOnly | QIODevice::Append)) {
                        file.write("floor-dialog first_paint_ns=" +
                                   QByteArray::number(monotonicNs()) + '\n');
                    }
                },
                Qt::QueuedConnection);
        }
        return false;
    }

private:
    QString m_file;
};

int floorMain(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QDialog dialog;
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(u"Log in"_s));
    layout->addWidget(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel));
    new FloorProbe(&dialog, qEnvironmentVariable("NATTER_FIRST_PAINT"));
    dialog.show();
    return QApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--floor") == 0)
            return floorMain(argc, argv);
    }
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Process start to the login dialog painted, with the real natter (figure 8)."_s);
    parser.addHelpOption();
    const QCommandLineOption appOption(u"app"_s, u"The natter binary (default: this build's)."_s,
                                       u"path"_s, QStringLiteral(NATTER_GUI_PATH));
    parser.addOption(appOption);
    addCommonOptions(parser);
    parser.process(app);
    const CommonOptions common = commonOptions(parser);
    const QString natter = parser.value(appOption);
    const int runs = common.runsOr(10, 2);
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM", u"offscreen"_s);

    Report report(u"bench_start"_s, common);
    report.setParameter(u"app"_s, natter);
    report.setParameter(u"platform"_s, platform);
    report.printHeader(u"%1 on %2 with a fresh profile, process start -> login dialog painted; "
                       "%3 runs after one warm-up"_s.arg(natter, platform)
                           .arg(runs));

    const QString self = QCoreApplication::applicationFilePath();
    std::vector<double> natterMs, floorMs, ratios, natterCpuMs, floorCpuMs, cpuRatios;
    for (int run = 0; run <= runs; ++run) {
        const Launch ours = launch(natter, {});
        const Launch floor = launch(self, {u"--floor"_s});
        for (const Launch &l : {ours, floor}) {
            if (!l.error.isEmpty()) {
                std::fprintf(stderr, "%s\n", qUtf8Printable(l.error));
                return 1;
            }
        }
        std::printf("  run %d%s: natter %.1f ms (processor %.1f ms), bare Qt dialog %.1f ms "
                    "(processor %.1f ms)\n",
                    run, run == 0 ? " (warm-up, not counted)" : "", ours.ms, ours.cpuMs, floor.ms,
                    floor.cpuMs);
        std::fflush(stdout);
        if (run == 0)
            continue;
        natterMs.push_back(ours.ms);
        floorMs.push_back(floor.ms);
        ratios.push_back(ours.ms / floor.ms);
        natterCpuMs.push_back(ours.cpuMs);
        floorCpuMs.push_back(floor.cpuMs);
        cpuRatios.push_back(ours.cpuMs / floor.cpuMs);
    }

    const Stats start = statsOf(natterMs);
    report.add({u"start.login_dialog_painted"_s,
                u"natter: process start -> login dialog painted"_s,
                u"ms"_s,
                u"≤ 150 ms"_s,
                start,
                {},
                verdictAtMost(start, 150)});
    report.add({u"start.floor_dialog_painted"_s,
                u"bare Qt widgets app: start -> dialog painted"_s,
                u"ms"_s,
                {},
                statsOf(floorMs),
                {}});
    report.add({u"start.ratio_to_floor"_s,
                u"natter / bare Qt app (same run)"_s,
                u"x"_s,
                {},
                statsOf(ratios),
                {}});
    report.add({u"start.natter_processor"_s,
                u"natter: processor time up to the paint"_s,
                u"ms"_s,
                {},
                statsOf(natterCpuMs),
                u"all threads"_s});
    report.add({u"start.floor_processor"_s,
                u"bare Qt app: processor time up to the paint"_s,
                u"ms"_s,
                {},
                statsOf(floorCpuMs),
                u"all threads"_s});
    report.add({u"start.processor_ratio"_s,
                u"natter / bare Qt app, processor time"_s,
                u"x"_s,
                {},
                statsOf(cpuRatios),
                {}});
    return report.print() ? 0 : 2;
}
