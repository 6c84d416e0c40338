// SPDX-License-Identifier: GPL-3.0-or-later
// LargeArrayAllocator: small arrays come from operator new; large ones are whole, writable,
// aligned to 2 MiB on Linux (where they are mapped for transparent huge pages), grow and shrink
// keeping their contents, and go back to the system when freed.
#include "platform/LargeArrayAllocator.h"

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

using namespace natter;

class tst_LargeArrayAllocator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smallAndLargeArraysHoldWhatIsWritten_data();
    void smallAndLargeArraysHoldWhatIsWritten();
    void growingAcrossTheThresholdKeepsTheContents();
    void adviceOnForeignBlocksLeavesThemIntact();
};

void tst_LargeArrayAllocator::smallAndLargeArraysHoldWhatIsWritten_data()
{
    QTest::addColumn<qsizetype>("count");
    QTest::newRow("small") << qsizetype(1000);
    QTest::newRow("just under") << qsizetype(largearray::LargeBytes / sizeof(int) - 1);
    QTest::newRow("threshold") << qsizetype(largearray::LargeBytes / sizeof(int));
    QTest::newRow("not a whole huge page") << qsizetype(3'000'001);
}

void tst_LargeArrayAllocator::smallAndLargeArraysHoldWhatIsWritten()
{
    QFETCH(qsizetype, count);
    std::vector<int, LargeArrayAllocator<int>> values(static_cast<size_t>(count));
    QVERIFY(std::all_of(values.cbegin(), values.cend(), [](int v) { return v == 0; }));
    std::iota(values.begin(), values.end(), 0);
    QCOMPARE(values.front(), 0);
    QCOMPARE(values.back(), int(count - 1));
    QCOMPARE(std::accumulate(values.cbegin(), values.cend(), qint64(0)),
             qint64(count) * (count - 1) / 2);
#ifdef Q_OS_LINUX
    const bool large = size_t(count) * sizeof(int) >= largearray::LargeBytes;
    const auto address = reinterpret_cast<std::uintptr_t>(values.data());
    QCOMPARE(address % (std::uintptr_t(2) << 20) == 0, large);
#endif
}

void tst_LargeArrayAllocator::growingAcrossTheThresholdKeepsTheContents()
{
    std::vector<qint64, LargeArrayAllocator<qint64>> values;
    for (qint64 i = 0; i < 2'000'000; ++i)
        values.push_back(i * 3);
    for (qint64 i = 0; i < 2'000'000; i += 99'991)
        QCOMPARE(values[size_t(i)], i * 3);
    values.resize(10);
    values.shrink_to_fit();
    QCOMPARE(values.back(), 27);
    values.clear();
    values.shrink_to_fit();
    QCOMPARE(values.capacity(), size_t(0));
}

void tst_LargeArrayAllocator::adviceOnForeignBlocksLeavesThemIntact()
{
    for (const size_t bytes : {size_t(4096), largearray::LargeBytes + 12'345}) {
        std::vector<char> block(bytes, 'x');
        largearray::adviseHugePages(block.data(), block.size());
        QVERIFY(std::all_of(block.cbegin(), block.cend(), [](char c) { return c == 'x'; }));
        block.back() = 'y';
        QCOMPARE(block.back(), 'y');
    }
}

QTEST_GUILESS_MAIN(tst_LargeArrayAllocator)
#include "tst_largearrayallocator.moc"
