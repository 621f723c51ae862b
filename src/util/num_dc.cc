// num_dc.cc - the one C++ file of migdip: the digits of a double from Google's
// double-conversion (Debian's libdouble-conversion), behind the C function of num.h.
#include <double-conversion/double-to-string.h>

extern "C" int mg_num_dc_digits(double v, int precision, char *buf, int *point);

extern "C" int mg_num_dc_digits(double v, int precision, char *buf, int *point)
{
    using double_conversion::DoubleToStringConverter;
    bool sign = false;
    int length = 0;
    DoubleToStringConverter::DoubleToAscii(v, precision ? DoubleToStringConverter::PRECISION
                                                        : DoubleToStringConverter::SHORTEST,
                                           precision, buf, DoubleToStringConverter::kBase10MaximalLength + 1,
                                           &sign, &length, point);
    return length;
}
