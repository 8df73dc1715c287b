using System.Globalization;

namespace Rewind.Storage;

/// <summary>Invariant-culture formatting and checked parsing for the plain numeric CSV files we write.</summary>
internal static class Csv
{
    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>All lines of a file, or a user error naming the file if it cannot be read.</summary>
    public static string[] ReadLines(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RewindUserException($"{path}: the {what} file does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RewindUserException($"{path}: cannot read the {what} file: {e.Message}", e);
        }
    }

    /// <summary>The comma-separated fields of one data line, with parse errors that name file, line and column.</summary>
    public readonly struct Fields
    {
        private readonly string _path;
        private readonly int _lineNumber;
        private readonly string[] _fields;

        public Fields(string path, int lineNumber, string line, int expectedCount, string header)
        {
            _path = path;
            _lineNumber = lineNumber;
            _fields = line.Split(',');
            if (_fields.Length != expectedCount)
            {
                throw new RewindUserException(
                    $"{path}:{lineNumber}: expected {expectedCount} comma-separated values ({header}) " +
                    $"but found {_fields.Length}: '{line}'. The file is damaged; delete it to have it regenerated.");
            }
        }

        public double Double(int index, string column) =>
            double.TryParse(_fields[index], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v
                : throw Bad(index, column, "a number");

        public int Int(int index, string column) =>
            int.TryParse(_fields[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
                ? v
                : throw Bad(index, column, "an integer");

        public long Long(int index, string column) =>
            long.TryParse(_fields[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
                ? v
                : throw Bad(index, column, "an integer");

        private RewindUserException Bad(int index, string column, string expected) =>
            new($"{_path}:{_lineNumber}: column '{column}' should be {expected} but is '{_fields[index]}'. " +
                "The file is damaged; delete it to have it regenerated.");
    }
}
