namespace ImagePin.Reporting;

public enum ReportFormat
{
    Text,
    Json,
    Sarif,
    Github,
}
