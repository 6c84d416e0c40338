// SPDX-License-Identifier: GPL-3.0-or-later
#include "LargeArrayAllocator.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

#include <cstdint>

namespace natter::largearray {

namespace {
#ifdef Q_OS_LINUX
constexpr std::size_t HugePage = std::size_t(2) << 20;

std::size_t mappedSize(std::size_t bytes)
{
    return (bytes + HugePage - 1) & ~(HugePage - 1);
}
#endif
} // namespace

void *allocate(std::size_t bytes)
{
#ifdef Q_OS_LINUX
    if (bytes >= LargeBytes) {
        // Map one huge page more than needed, and give back what lies before the first 2 MiB
        // boundary and after the block.
        const std::size_t size = mappedSize(bytes);
        void *mapped = mmap(nullptr, size + HugePage, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped == MAP_FAILED)
            throw std::bad_alloc();
        const auto start = reinterpret_cast<std::uintptr_t>(mapped);
        const std::uintptr_t aligned = (start + HugePage - 1) & ~std::uintptr_t(HugePage - 1);
        if (aligned > start)
            munmap(mapped, aligned - start);
        if (const std::size_t after = HugePage - (aligned - start); after > 0)
            munmap(reinterpret_cast<void *>(aligned + size), after);
        // Only advice: without transparent huge pages the block works page by page as before.
        madvise(reinterpret_cast<void *>(aligned), size, MADV_HUGEPAGE);
        return reinterpret_cast<void *>(aligned);
    }
#endif
    return ::operator new(bytes);
}

void deallocate(void *pointer, std::size_t bytes) noexcept
{
#ifdef Q_OS_LINUX
    if (bytes >= LargeBytes) {
        munmap(pointer, mappedSize(bytes));
        return;
    }
#endif
    ::operator delete(pointer);
}

void adviseHugePages([[maybe_unused]] void *begin, [[maybe_unused]] std::size_t bytes) noexcept
{
#ifdef Q_OS_LINUX
    if (bytes < LargeBytes)
        return;
    const auto start = reinterpret_cast<std::uintptr_t>(begin);
    const std::uintptr_t first = (start + HugePage - 1) & ~std::uintptr_t(HugePage - 1);
    const std::uintptr_t end = (start + bytes) & ~std::uintptr_t(HugePage - 1);
    if (end > first)
        madvise(reinterpret_cast<void *>(first), end - first, MADV_HUGEPAGE);
#endif
}

} // namespace natter::largearray
