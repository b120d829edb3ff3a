# A stand-in for the system's icuuc.dll, which Windows 10/11 have and Wine 8.0 lacks (it has one from
# Wine 11.5). Qt 6.12's Core imports 20 ucnv_* functions from it; this stub answers "no such
# converter" (U_FILE_ACCESS_ERROR) so that Qt falls back to its own codecs. Test prefix only: never
# copied into the bundle, whose users have the real DLL.
    .text
    .globl DllMain
DllMain: mov $1, %eax
    ret
    .globl ucnv_open            # UConverter* ucnv_open(const char *name, UErrorCode *err)
ucnv_open: test %rdx, %rdx
    jz 1f
    movl $4, (%rdx)
1:  xor %eax, %eax
    ret
    .globl ucnv_getStandardName # const char* ucnv_getStandardName(name, standard, UErrorCode *err)
ucnv_getStandardName: test %r8, %r8
    jz 2f
    movl $4, (%r8)
2:  xor %eax, %eax
    ret
    .globl icu_stub_zero        # every other import: returns 0 (never reached without a converter)
icu_stub_zero: xor %eax, %eax
    ret
