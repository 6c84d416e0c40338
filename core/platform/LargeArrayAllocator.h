// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <new>

namespace natter {

// Memory for arrays of many megabytes that are filled at once, such as the roster model's
// contacts (100,000 of them take 17 MB). The C library maps such a block freshly from the kernel
// and every 4 KiB page of it then costs a page fault on first write: 4,300 faults, 50 ms in a
// virtual machine that traps each one. On Linux a block of at least LargeBytes is mapped
// aligned to 2 MiB and marked MADV_HUGEPAGE, so that where the kernel offers transparent huge
// pages on request (its "madvise" setting, common on desktops and servers) it faults in 2 MiB
// at a time. Smaller blocks, and other systems, use operator new.
namespace largearray {
inline constexpr std::size_t LargeBytes = std::size_t(4) << 20;
void *allocate(std::size_t bytes);
void deallocate(void *pointer, std::size_t bytes) noexcept;
// The same advice for a block another allocator made (a QString's reserved buffer about to be
// filled): the 2 MiB pages that lie wholly inside it. Nothing for a block under LargeBytes.
void adviseHugePages(void *begin, std::size_t bytes) noexcept;
} // namespace largearray

template<typename T>
struct LargeArrayAllocator
{
    using value_type = T;

    LargeArrayAllocator() = default;
    template<typename U>
    LargeArrayAllocator(const LargeArrayAllocator<U> &) noexcept
    {}

    T *allocate(std::size_t count)
    {
        if (count > std::size_t(-1) / sizeof(T))
            throw std::bad_array_new_length();
        static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
        return static_cast<T *>(largearray::allocate(count * sizeof(T)));
    }
    void deallocate(T *pointer, std::size_t count) noexcept
    {
        largearray::deallocate(pointer, count * sizeof(T));
    }

    template<typename U>
    friend bool operator==(const LargeArrayAllocator &, const LargeArrayAllocator<U> &) noexcept
    {
        return true;
    }
};

} // namespace natter
