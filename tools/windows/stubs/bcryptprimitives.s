# A stand-in for bcryptprimitives.dll!ProcessPrng (Windows 10/11 have it, Wine 8.0 does not), which
# QtPdf's Chromium code calls for random bytes (without it, it stops at an int3). It forwards to
# advapi32's RtlGenRandom (SystemFunction036). Test prefix only, never in the bundle.
    .text
    .globl DllMain
DllMain: mov $1, %eax
    ret
    .globl ProcessPrng          # BOOL ProcessPrng(PBYTE data, SIZE_T len)
ProcessPrng: sub $40, %rsp
    call *__imp_SystemFunction036(%rip)
    movzbl %al, %eax
    add $40, %rsp
    ret
